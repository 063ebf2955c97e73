# SPDX-License-Identifier: Apache-2.0
"""A link that swallows every byte ends the round as "central unreachable" within the
configured time, mid-push included, and the sync thread outlives any round."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from sync.central_link import open_central
from sync.protocol import SyncResult
from sync.service import SyncService, sync_once

from .sync_fixtures import (
    Stations,
    assert_exactly_once,
    central_balances,
    post_many,
    seed_central,
    sync_settled,
)
from .tcp_proxy import proxy_to

pytestmark = pytest.mark.postgres

TIMEOUT_S = 2.0
BOUND_S = 4 * TIMEOUT_S + 2  # a ping, a reconnect and the call itself, each bounded


@pytest.fixture
def pg(pg_url: str) -> Engine:
    engine = open_central(pg_url)
    seed_central(engine)
    return engine


def test_a_black_holed_link_ends_the_round_as_unreachable_within_the_timeout(
    pg: Engine, pg_url: str, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    assert sync_settled(s1, pg).ok
    post_many(s1, 3000)
    port = int(pg.url.port or 5432)
    with proxy_to("127.0.0.1", port) as proxy:
        via = open_central(pg_url.replace(f":{port}/", f":{proxy.port}/"), timeout_s=TIMEOUT_S)
        assert sync_once(s1, via, push_batch=3000).ok  # a pooled connection through the proxy
        post_many(s1, 3000)

        def silence(stage: str, done: int, _total: int) -> None:
            if stage == "push" and done >= 500:
                proxy.blackhole(True)  # from here on the link forwards nothing

        start = time.monotonic()
        silent = sync_once(s1, via, silence, push_batch=500)
        took = time.monotonic() - start
        assert not silent.ok and silent.reason == "unreachable", silent.error
        assert "cannot be reached" in silent.error
        assert took < BOUND_S, f"the round hung for {took:.1f} s"
        assert 0 < silent.waiting < 3000  # what central committed stays sent; nothing lost

        start = time.monotonic()
        again = sync_once(s1, via)  # the next round meets the dead link at connect
        assert not again.ok and again.reason == "unreachable"
        assert time.monotonic() - start < BOUND_S
        proxy.heal()
        proxy.reset()
        healed = sync_settled(s1, via)
        assert healed.ok and healed.waiting == 0, healed.error
        via.dispose()
    assert_exactly_once(pg, s1)
    assert central_balances(pg) == {("PPE-0001", "A-01", None): Decimal(6000)}


def test_the_sync_thread_keeps_running_when_a_round_or_its_display_fails(
    pg_url: str, stations: Stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    s1 = stations.make("ST-1")
    seen: list[SyncResult] = []
    rounds = threading.Semaphore(0)

    def show(result: SyncResult) -> None:
        seen.append(result)
        rounds.release()
        if len(seen) == 1:
            raise RuntimeError("the display broke")

    import sync.service as service_module

    real = service_module.sync_once
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> SyncResult:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyError("uuid")  # as a bug deep in a round would
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service_module, "sync_once", flaky)
    service = SyncService(s1, pg_url, interval_s=0.05, on_result=show)
    service.start()
    try:
        for _ in range(3):
            assert rounds.acquire(timeout=30)
    finally:
        service.stop()
    assert seen[0].ok and seen[2].ok
    assert not seen[1].ok and "unexpected error" in seen[1].error
