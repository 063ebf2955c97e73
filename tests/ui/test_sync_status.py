# SPDX-License-Identifier: Apache-2.0
"""The status bar's sync field shows what a clerk needs: online or not, last sync, waiting."""

from __future__ import annotations

import ast
import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from station.ui.sync_status import ALARM_SENTENCES, SyncStatusBridge, SyncStatusLabel
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


def _alarm_kinds_in_code() -> set[str]:
    """Every alarm kind the store and sync can raise: an alarm's key is ``f"{kind}:..."``;
    central's audit alarms are named where audit_head picks one."""
    root = Path(__file__).parents[2]
    kinds: set[str] = set()
    for folder in ("sync", "station/core/store"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr) and node.values:
                    first = node.values[0]
                    if isinstance(first, ast.Constant) and (
                        found := re.match(r"([a-z_]+\.[a-z_]+):", str(first.value))
                    ):
                        kinds.add(found.group(1))
                if (
                    isinstance(node, ast.Assign)
                    and path.name == "audit_head.py"
                    and [getattr(t, "id", None) for t in node.targets] == ["alarm"]
                    and isinstance(node.value, ast.IfExp)
                ):
                    kinds |= {
                        str(c.value) for c in ast.walk(node.value) if isinstance(c, ast.Constant)
                    }
    return kinds


def test_every_alarm_the_code_can_raise_reads_as_a_sentence(qtbot: QtBot) -> None:
    kinds = _alarm_kinds_in_code()
    assert {"sync.pin_refused", "audit.rewritten", "audit.not_resealed"} <= kinds
    assert kinds - set(ALARM_SENTENCES) == set()
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    for kind in sorted(kinds):
        label.show_result(SyncResult(ok=True, finished_at=WHEN, alarms=[kind]))
        assert kind not in label.toolTip() and label.toolTip().endswith(".")
