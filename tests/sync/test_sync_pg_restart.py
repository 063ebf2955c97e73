# SPDX-License-Identifier: Apache-2.0
"""A PostgreSQL restart in the middle of a sync ends with every event on central exactly once.
Runs its own throwaway cluster (never the shared server)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sync.central_init import init_central
from sync.central_link import open_central
from sync.service import sync_once

from .pg_cluster import require_tools, throwaway_cluster
from .sync_fixtures import Stations, assert_exactly_once, post_many, seed_central

pytestmark = pytest.mark.postgres


def test_a_postgresql_restart_mid_sync_loses_and_repeats_nothing(
    stations: Stations, tmp_path: Path
) -> None:
    require_tools("restart test")
    with throwaway_cluster() as cluster:
        central = open_central(cluster.url)
        init_central(central)
        seed_central(central)
        s1 = stations.make("ST-1")
        assert sync_once(s1, central).ok
        post_many(s1, 3000)
        restarted = threading.Event()
        restarter: list[threading.Thread] = []

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "push" and done >= 600 and not restarter:
                cluster.stop("immediate")  # the server dies with the round half done ...
                thread = threading.Thread(target=lambda: (cluster.start(), restarted.set()))
                restarter.append(thread)
                thread.start()

        first = sync_once(s1, central, progress, push_batch=200)
        restarter[0].join(60)
        assert restarted.is_set()
        assert not first.ok and first.reason == "unreachable"
        assert 0 < first.waiting < 3000  # ... and comes back
        results = [first]
        for _ in range(5):
            if results[-1].ok and results[-1].waiting == 0:
                break
            results.append(sync_once(s1, central, push_batch=200))
        assert results[-1].ok and results[-1].waiting == 0, results[-1].error
        assert_exactly_once(central, s1)
        central.dispose()
