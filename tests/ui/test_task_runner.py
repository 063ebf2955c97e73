# SPDX-License-Identifier: Apache-2.0
"""Nothing fails silently: the production task runner logs an exception no caller handles
and the window shows it in red and in its job list."""

from __future__ import annotations

import logging

import pytest

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import TaskRunner


def _broken() -> None:
    raise OSError("label printer at tcp://10.0.0.9:9100 refused the connection")


def test_the_production_runner_surfaces_an_unhandled_exception(
    qtbot, demo_store: Store, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    window = MainWindow(Engine(demo_store, clock), runner, station_id="ST-DEMO", db_label="demo.db")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Scan your badge" in window.scan_screen.message.text())
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(runner.unhandled, timeout=5000):
        runner.run(_broken, lambda _result: None)  # no error callback given
    assert "ERROR" in window.scan_screen.banner.text()
    assert "#b00020" in window.scan_screen.banner.styleSheet()
    assert "refused the connection" in window.scan_screen.message.text()
    assert "Errors: 1" in window.job_status.text()
    assert "refused the connection" in window.job_status.toolTip()
    assert any("background task failed" in r.getMessage() for r in caplog.records)
    runner.shutdown()
