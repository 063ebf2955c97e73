# SPDX-License-Identifier: Apache-2.0
"""Central restored with pg_dump into a fresh server (its transaction counter starts again
near 1,000) loses no event for any station: the restore starts a new central epoch, the
stations re-pull idempotently, re-push what the restore lost, and raise `central.restored`.
Runs two throwaway clusters (never the shared server)."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from sync.central_init import init_central
from sync.central_link import open_central
from sync.service import sync_once

from .pg_cluster import Cluster, require_tools, throwaway_cluster
from .sync_fixtures import Stations, assert_exactly_once, balances, post, seed_central

pytestmark = pytest.mark.postgres


def _dump_and_restore(source: Cluster, target: Cluster, folder: Path) -> None:
    dump = folder / "central.dump"
    subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-p", str(source.port), "-U", "postgres", "-Fc",
         "-f", str(dump), "postgres"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        ["pg_restore", "-h", "127.0.0.1", "-p", str(target.port), "-U", "postgres",
         "-d", "postgres", "--no-owner", str(dump)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_a_central_restored_into_a_fresh_server_loses_no_event(
    stations: Stations, tmp_path: Path
) -> None:
    require_tools("restore test")
    with throwaway_cluster() as old, throwaway_cluster() as new:
        first = open_central(old.url)
        init_central(first)
        seed_central(first)
        s1, s2 = stations.make("ST-1"), stations.make("ST-2")
        assert sync_once(s1, first).ok and sync_once(s2, first).ok
        post(s1, "PPE-0001", "A-01", "3")
        assert sync_once(s1, first).ok
        _dump_and_restore(old, new, tmp_path)  # the backup holds the 3 ...
        post(s1, "PPE-0001", "A-01", "4")
        assert sync_once(s1, first).ok  # ... not the 4: the old server dies after this
        assert sync_once(s2, first).pulled_movements == 2
        first.dispose()

        restored = open_central(new.url)
        early = sync_once(s2, restored)
        assert not early.ok and early.reason == "restored"
        assert "station central init" in early.error
        lines = init_central(restored)
        assert any("new epoch" in line for line in lines)

        post(s2, "PPE-0001", "B-01", "5")  # written after the restore, on the new counter
        back = sync_once(s1, restored)
        assert back.ok, back.error
        assert "central.restored" in back.alarms and "central.behind" in back.alarms
        assert sync_once(s2, restored).ok
        for store in (s1, s2):
            again = sync_once(store, restored)
            assert again.ok, again.error
            assert "central.restored" in again.alarms
        assert (
            balances(s1)
            == balances(s2)
            == {
                ("PPE-0001", "A-01", None): Decimal(7),
                ("PPE-0001", "B-01", None): Decimal(5),
            }
        )
        assert_exactly_once(restored, s1)
        assert_exactly_once(restored, s2)
        restored.dispose()
