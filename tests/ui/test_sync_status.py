# SPDX-License-Identifier: Apache-2.0
"""The status bar's sync field shows what a clerk needs: online or not, last sync, waiting."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from station.ui.sync_status import SyncStatusBridge, SyncStatusLabel
from sync.protocol import SyncResult

WHEN = datetime(2026, 11, 24, 9, 31, tzinfo=UTC)


def test_online_then_offline_keeps_the_last_sync_time(qtbot: QtBot, tmp_path: Path) -> None:
    label = SyncStatusLabel(zone=UTC)
    qtbot.addWidget(label)
    assert label.text() == "Sync: not yet"
    label.show_result(SyncResult(ok=True, waiting=0, finished_at=WHEN, clock_skew_seconds=0.2))
    assert label.text() == "Online · last sync 09:31 · 0 waiting"
    label.show_result(SyncResult(ok=False, waiting=12, error="central cannot be reached: timeout"))
    assert label.text() == "Offline · last sync 09:31 · 12 waiting"
    assert "cannot be reached" in label.toolTip()
    label.resize(420, 24)
    label.grab().save(str(tmp_path / "sync_status.png"))


def test_the_last_sync_is_told_in_the_stations_time_zone(qtbot: QtBot) -> None:
    label = SyncStatusLabel(zone=ZoneInfo("Asia/Shanghai"))
    qtbot.addWidget(label)
    label.show_result(SyncResult(ok=True, waiting=0, finished_at=WHEN))  # 09:31 UTC
    assert label.text() == "Online · last sync 17:31 · 0 waiting"


def test_clock_skew_and_alarms_are_shown(qtbot: QtBot) -> None:
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    label.show_result(
        SyncResult(ok=True, finished_at=WHEN, clock_skew_seconds=-95.0, alarms=["store.restored"])
    )
    assert "clock off by -95 s" in label.text() and "1 alarms" in label.text()
    assert label.toolTip() == (
        "Central holds events this station's database lacks: it was restored from a backup."
    )


def test_parked_events_stay_on_screen_with_what_to_do(qtbot: QtBot) -> None:
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    label.show_result(
        SyncResult(ok=True, finished_at=WHEN, parked_open=12, alarms=["store.copied_back"])
    )
    assert label.text() == "Online · last sync 09:31 · 0 waiting · 12 parked · 1 alarms"
    assert "copied back" in label.toolTip() and "Check stock" in label.toolTip()
    assert "store.copied_back" not in label.toolTip()
    assert "color: #b00020" in label.styleSheet()


def test_results_from_the_sync_thread_reach_the_label(qtbot: QtBot) -> None:
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    bridge = SyncStatusBridge()
    bridge.result_ready.connect(label.show_result)
    worker = threading.Thread(
        target=bridge.deliver, args=(SyncResult(ok=True, waiting=3, finished_at=WHEN),)
    )
    with qtbot.waitSignal(bridge.result_ready, timeout=2000):
        worker.start()
    worker.join(2)
    qtbot.waitUntil(lambda: "3 waiting" in label.text(), timeout=2000)
