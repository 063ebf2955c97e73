# SPDX-License-Identifier: Apache-2.0
"""The window as a clerk sees it: log in by badge and PIN, scan, read the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from drivers.base import ScanEvent
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.show()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_the_window_opens_asking_for_a_badge(window: MainWindow) -> None:
    assert "Scan your badge" in window.scan_screen.message.text()
    assert window.scan_screen.user_label.text() == "Nobody logged in"
    assert "ST-DEMO" in window.windowTitle()
    assert "Sync: not configured" in window.sync_status.text()


def test_login_and_lookup_from_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    assert "enter your PIN" in window.scan_screen.message.text()
    assert window.entry.echoMode() == QLineEdit.EchoMode.Password  # the PIN is not shown
    type_line(qtbot, window, "1111")
    assert window.entry.echoMode() == QLineEdit.EchoMode.Normal
    assert "Demo Clerk (clerk)" in window.scan_screen.user_label.text()
    assert "ACCEPTED" in window.scan_screen.banner.text()
    type_line(qtbot, window, "06975123000012")
    assert "PPE-0001 Nitrile gloves" in window.scan_screen.message.text()
    assert window.scan_screen.table.rowCount() >= 1
    assert window.scan_screen.table.horizontalHeaderItem(0).text() == "Location"


def test_a_bad_scan_is_refused_in_words_not_colour_alone(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "6975123000013")
    assert "✖" in window.scan_screen.banner.text() and "REFUSED" in window.scan_screen.banner.text()
    assert "check digit" in window.scan_screen.message.text().lower()


def test_device_scans_reach_the_engine(window: MainWindow) -> None:
    window.on_device_scan(
        ScanEvent(
            source_url="loop://",
            symbology=None,
            aim=None,
            raw=b"$USR-S001",
            text="$USR-S001",
            ts=0.0,
        )
    )
    assert "Demo Supervisor: enter your PIN" in window.scan_screen.message.text()
    window.on_device_status("loop://", "connected")
    assert "loop:// connected" in window.device_status.text()


def test_the_status_bar_shows_a_scanner_unplugged_and_back(window: MainWindow) -> None:
    url = "serial:///dev/serial/by-id/usb-scanner"
    window.on_device_status(url, "connected")
    window.on_device_status(url, "disconnected")
    assert f"{url} not connected, waiting for it" in window.device_status.text()
    window.on_device_status(url, "connected")
    assert f"{url} connected" in window.device_status.text()


def test_a_screenshot_shows_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "$LOC-A-01-1")
    shot = tmp_path / "window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_a_first_run_without_data_says_what_to_import(
    qtbot, store: Store, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(Engine(store, clock), InlineTasks(), station_id="ST-NEW", db_label="new.db")
    qtbot.addWidget(win)
    text = win.scan_screen.message.text()
    assert "no users or items yet" in text
    assert "station import users" in text and "station run --demo" in text


def test_an_rfid_round_from_a_reader_is_described(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from drivers.rfid_rounds import RoundCollector, TagReport

    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    collector = RoundCollector(source_url="rfid+lines://loop://")
    collector.begin(0.0)
    for n in range(5):
        collector.add(
            TagReport(epc="3034257BF7194E4000001A85", rssi=-50.0 - n, antenna=1, ts=0.01 * n)
        )
    finished = collector.end(1.0)
    assert finished is not None
    window.on_rfid_round(finished)
    assert "1 RFID tags read" in window.scan_screen.message.text()
    assert window.scan_screen.table.rowCount() == 1
    assert window.scan_screen.table.item(0, 1).text() == "GTIN 80614141123458 serial 6789"


def test_a_refused_scan_in_lookup_does_not_leave_the_last_item_beside_it(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "06975123000012")
    screen = window.scan_screen
    assert screen.detail.text().startswith("PPE-0001")
    assert screen.table.rowCount() >= 1
    for refused in ("6975123000013", "NOT-A-THING"):  # a bad check digit, an unknown code
        type_line(qtbot, window, refused)
        assert "REFUSED" in screen.banner.text(), refused
        assert screen.table.rowCount() == 0, refused  # no stock of the last item beside it
        shown = screen.detail.text() if screen.detail.isVisible() else ""
        assert not shown.startswith("PPE-0001"), shown
        if "PPE-0001" in shown:
            assert shown.startswith("Before this refusal:"), shown
    type_line(qtbot, window, "06975123000012")
    assert "ACCEPTED" in screen.banner.text()
    assert screen.detail.text().startswith("PPE-0001") and screen.table.rowCount() >= 1
