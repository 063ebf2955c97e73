# SPDX-License-Identifier: Apache-2.0
"""The window obeys the site's settings.toml (a zero count tolerance sends a one-unit
variance to review) and shows each scheduled job's last result in the status bar; with the
scheduler running, the demo warehouse's stale-stock alerts become open tasks on the dashboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from station.app import load_station_settings
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.stale_stock.dashboard import load_dashboard
from station.core.store.database import Store
from station.scheduled_jobs import station_scheduler
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from tests.core.test_site_settings import COUNT, ZERO


def _type(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_a_zero_tolerance_in_the_file_sends_it_to_review_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(ZERO, encoding="utf-8")
    engine = Engine(demo_store, clock, settings=load_station_settings(path))
    window = MainWindow(engine, InlineTasks(), station_id="ST-DEMO", db_label="demo.db")
    qtbot.addWidget(window)
    for text in ["$USR-N001", "2222", *COUNT]:
        _type(qtbot, window, text)
    assert window.scan_screen.last is not None
    assert window.scan_screen.last.message_key == "counting.task_done"
    with demo_store.reading() as conn:
        status = conn.exec_driver_sql(
            "SELECT v.status FROM count_variances v JOIN items i ON i.id = v.item_id "
            "WHERE i.sku = 'LUBE-0066'"
        ).scalar()
    assert status == "pending"


def test_the_scheduler_turns_the_demo_alerts_into_tasks_and_says_so(  # type: ignore[no-untyped-def]
    qtbot, demo_store: Store, clock: ManualClock
) -> None:
    assert load_dashboard(demo_store, as_of=clock.now().date()).open_alert_count == 0
    engine = Engine(demo_store, clock)
    window = MainWindow(engine, InlineTasks(), station_id="ST-DEMO", db_label="demo.db")
    qtbot.addWidget(window)
    scheduler = station_scheduler(demo_store, clock, {}, engine.settings, in_place=False)
    window.show_job_runs(scheduler.run_due())  # the first check runs every job at once
    dashboard = load_dashboard(demo_store, as_of=clock.now().date())
    assert dashboard.open_alert_count > 0 and dashboard.expired_value > 0
    assert window.job_status.text() == "Jobs: all done"
    tip = window.job_status.toolTip()
    assert f"{dashboard.open_alert_count} open" in tip and "count tasks planned" in tip
    assert scheduler.due() == []  # nothing again until an interval has passed
