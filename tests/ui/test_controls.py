# SPDX-License-Identifier: Apache-2.0
"""Every input has a visible control with its key on it, and a click never steals the scan
entry's focus: a clerk logs in and receives with the on-screen keypad and buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.screens.controls import TOUCH_PX

SHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "controls.png"


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    win.activateWindow()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def press(qtbot, window: MainWindow, keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        qtbot.mouseClick(window.controls.keypad_buttons[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.controls.keypad_buttons["enter"], Qt.MouseButton.LeftButton)


def test_log_in_and_receive_with_the_keypad_and_buttons(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    controls = window.controls
    assert not controls.keypad.isVisibleTo(window)  # nothing to type yet
    type_line(qtbot, window, "$USR-C001")
    assert controls.keypad.isVisibleTo(window)  # a PIN is asked for
    press(qtbot, window, "1111")
    assert "Welcome" in window.scan_screen.message.text()
    assert not controls.keypad.isVisibleTo(window)
    assert controls.choice_buttons, "the home menu is a row of buttons"
    assert controls.choice_buttons[0].text().startswith("[1] ")
    type_line(qtbot, window, "PO-2026-0003")
    assert controls.keypad.isVisibleTo(window)  # a quantity may be typed first
    press(qtbot, window, "12")
    assert "Next scan counts 12" in window.scan_screen.panels.currentWidget().header.text()  # type: ignore[attr-defined]
    assert window.entry.hasFocus() or window.focusWidget() is window.entry
    if SHOT.parent.is_dir():
        for _ in range(3):  # laid out as shown: wrapped labels settle
            QCoreApplication.processEvents()
        assert window.grab().save(str(SHOT))
    qtbot.mouseClick(controls.command_buttons["undo"], Qt.MouseButton.LeftButton)
    assert "Typed quantity cleared" in window.scan_screen.message.text()
    assert window.focusWidget() is window.entry  # the scan entry keeps the focus
    for button in [*controls.keypad_buttons.values(), *controls.command_buttons.values()]:
        assert button.height() >= TOUCH_PX and button.width() >= TOUCH_PX  # 15 mm targets
    assert "[F10]" in controls.command_buttons["done"].text()
    assert "[Esc]" in controls.command_buttons["cancel"].text()
    assert window.height() <= 768 and window.width() <= 1024  # it did not grow past the screen


def test_a_choice_button_chooses(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    first = window.controls.choice_buttons[0].text()
    qtbot.mouseClick(window.controls.choice_buttons[0], Qt.MouseButton.LeftButton)
    assert window.scan_screen.workflow_label.text() != "Lookup", first
    assert window.focusWidget() is window.entry


def test_choice_buttons_go_when_the_choices_do(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    shown = list(window.controls.choice_buttons)
    type_line(qtbot, window, "PO-2026-0003")
    assert window.controls.choice_buttons == []
    assert not any(b.isVisible() for b in shown)
    assert window.controls.command_buttons["done"].isVisible()


def test_with_the_error_lock_a_refusal_says_to_acknowledge_and_the_button_does(
    qtbot, demo_store: Store, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    with demo_store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO settings (key, value, updated_at) VALUES ('error_lock', 'true', 'x')"
        )
    win = MainWindow(Engine(demo_store, clock), InlineTasks(), station_id="ST", db_label="d")
    qtbot.addWidget(win)
    win.show()
    type_line(qtbot, win, "$USR-C001")
    type_line(qtbot, win, "1111")
    type_line(qtbot, win, "6975123000013")  # a wrong check digit: refused, the station locks
    type_line(qtbot, win, "06975123000012")
    assert "press ACKNOWLEDGE (F12)" in win.scan_screen.message.text()
    assert win.scan_screen.prompt.text() == "Next: press ACKNOWLEDGE (F12), or scan its barcode."
    qtbot.mouseClick(win.controls.command_buttons["ack"], Qt.MouseButton.LeftButton)
    assert "Scan on" in win.scan_screen.message.text()
    type_line(qtbot, win, "06975123000012")
    assert "ACCEPTED" in win.scan_screen.banner.text()
