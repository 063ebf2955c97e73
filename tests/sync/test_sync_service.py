# SPDX-License-Identifier: Apache-2.0
"""The background service and the pull's all-or-nothing batches (on a SQLite central)."""

from __future__ import annotations

import queue
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sync import local_state
from sync.protocol import SyncResult
from sync.service import SyncService

from .sync_fixtures import Stations, balances, post, settle, sync_settled


def test_the_service_syncs_in_the_background_and_on_demand(
    central_url: str, central: Engine, stations: Stations
) -> None:
    s1 = stations.make("ST-1")
    results: queue.Queue[SyncResult] = queue.Queue()
    service = SyncService(s1, central_url, interval_s=3600, on_result=results.put)
    settle(central)  # the service's first round should see the seeded master data
    service.start()
    try:
        first = results.get(timeout=30)
        assert first.ok and first.pulled_changes == 5
        post(s1, "PPE-0001", "A-01", "2")
        service.sync_now()
        second = results.get(timeout=30)
        assert second.ok and second.pushed == 1 and second.waiting == 0
    finally:
        service.stop()
    assert service.last_result is second


def test_pulled_rows_and_their_cursor_commit_together(
    central: Engine, stations: Stations, monkeypatch: pytest.MonkeyPatch
) -> None:
    s1, s2 = stations.make("ST-1"), stations.make("ST-2")
    assert sync_settled(s1, central).ok and sync_settled(s2, central).ok
    post(s1, "PPE-0001", "A-01", "8")
    assert sync_settled(s1, central).ok

    def boom(*_args: object) -> None:
        raise OSError("power cut while saving the cursor")

    monkeypatch.setattr(local_state, "set_cursor", boom)
    failed = sync_settled(s2, central)
    assert not failed.ok
    assert balances(s2) == {}  # the movement went back out with the cursor
    monkeypatch.undo()
    assert sync_settled(s2, central).ok
    assert balances(s2) == {("PPE-0001", "A-01", None): Decimal(8)}


def test_status_records_the_last_sync(central: Engine, stations: Stations, tmp_path: Path) -> None:
    s1 = stations.make("ST-1")
    result = sync_settled(s1, central)
    with s1.reading() as conn:
        status = local_state.status(conn)
    assert result.finished_at is not None
    assert status["last_sync_at"] == result.finished_at.isoformat()
    assert status["last_error"] == ""
