# SPDX-License-Identifier: Apache-2.0
"""The stale-stock dashboard: tiles, chart drill-down, flag labels, data off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from station.core.stale_stock.dashboard import DashboardData, load_dashboard, raise_due_alerts
from station.core.store.database import Store
from station.ui.dashboard import DashboardWidget
from station.ui.ops import InlineTasks
from tests.conftest import REFERENCE

AS_OF = date(2026, 11, 24)
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "dashboard.png"


class RecordingTasks(InlineTasks):
    """Runs like the real runner's contract says, and remembers which thread ran ``fn``."""

    def __init__(self) -> None:
        self.threads: list[str] = []

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        box: dict[str, Any] = {}

        def work() -> None:
            self.threads.append(threading.current_thread().name)
            try:
                box["result"] = fn()
            except BaseException as exc:  # delivered below
                box["error"] = exc

        worker = threading.Thread(target=work, name="store-worker")
        worker.start()
        worker.join(timeout=30)
        if "error" in box:
            assert failed is not None
            failed(box["error"])
        else:
            done(box["result"])


@pytest.fixture
def widget(qtbot: Any, demo_store: Store) -> tuple[DashboardWidget, RecordingTasks]:
    tasks = RecordingTasks()
    w = DashboardWidget(lambda: load_dashboard(demo_store, AS_OF), tasks)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    w.refresh()
    return w, tasks


def test_tiles_show_where_money_is_stuck(widget: tuple[DashboardWidget, RecordingTasks]) -> None:
    w, tasks = widget
    assert tasks.threads == ["store-worker"]  # the store is read off the UI thread
    data = w.data
    assert isinstance(data, DashboardData)
    assert w.total_tile.figure.text() == f"{data.total_value:,.2f}"
    assert w.stale_tile.figure.text() == f"{data.stale_value:,.2f}"
    assert str(data.stale_share) in w.stale_tile.note.text()
    assert data.near_expiry_value > 0 and data.expired_value > 0  # the demo has both
    assert w.expiry_tile.figure.text() == f"{data.near_expiry_value:,.2f}"
    assert w.slowest.rowCount() == 10
    # the slowest mover is at the top
    assert int(w.slowest.item(0, 2).text()) == max(s.idle_days for s in data.slowest)
    assert w.status.text().endswith("2026-11-24")


def test_a_bar_drills_down_to_lots_and_locations(
    widget: tuple[DashboardWidget, RecordingTasks],
) -> None:
    w, _ = widget
    assert w.data is not None
    w.chart.click_bucket("0-30")
    young = w.data.lots_by_bucket["0-30"]
    assert w.lots.rowCount() == len(young) > 0
    assert w.lots.item(0, 0).text() == young[0].sku
    assert w.lots.item(0, 3).text() == young[0].location
    assert all(r.age_days is not None and r.age_days <= 30 for r in young)


def test_flag_label_for_a_chosen_lot(
    qtbot: Any, widget: tuple[DashboardWidget, RecordingTasks]
) -> None:
    w, _ = widget
    w.chart.click_bucket(">365")
    assert not w.flag_button.isEnabled()
    w.lots.selectRow(0)
    assert w.flag_button.isEnabled()
    with qtbot.waitSignal(w.flag_label_requested, timeout=1000) as signal:
        w.flag_button.click()
    effect = signal.args[0]
    row = w._lots[0]
    assert effect["kind"] == "labels" and effect["template"] == "stale_stock"
    assert effect["data"][0]["sku"] == row.sku
    assert effect["data"][0]["location"] == row.location
    assert effect["data"][0]["flagged_on"] == "2026-11-24"


def test_a_failed_load_keeps_the_last_data(qtbot: Any, demo_store: Store) -> None:
    calls = {"n": 0}

    def load() -> DashboardData:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("database is locked")
        return load_dashboard(demo_store, AS_OF)

    w = DashboardWidget(load, RecordingTasks())
    qtbot.addWidget(w)
    w.refresh()
    shown = w.total_tile.figure.text()
    w.refresh()
    assert "database is locked" in w.status.text()
    assert w.total_tile.figure.text() == shown
    assert w.refresh_button.isEnabled()


def test_open_alerts_and_screenshot(
    widget: tuple[DashboardWidget, RecordingTasks], demo_store: Store
) -> None:
    w, _ = widget
    assert raise_due_alerts(demo_store, REFERENCE)
    w.refresh()
    assert w.data is not None and w.data.open_alert_count > 0
    assert w.alerts_tile.figure.text() == str(w.data.open_alert_count)
    assert w.alerts.rowCount() == len(w.data.open_alerts)
    w.chart.click_bucket(">365")
    w.lots.selectRow(0)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert w.grab().save(str(SCREENSHOT))
