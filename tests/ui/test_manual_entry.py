# SPDX-License-Identifier: Apache-2.0
"""A damaged label typed in on the keypad: the check digit is verified before anything is
looked up, a mistyped digit is refused with that reason, the right digits are accepted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.wedge_filter import WedgeFilter

KEYPAD = Qt.KeyboardModifier.KeypadModifier


class Keypad:
    """Types digits on the numeric keypad at a person's pace, through the wedge filter the
    station installs (so the test also shows keypad typing is never mistaken for a scan)."""

    def __init__(self, qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.window = window
        self.ms = 0.0
        self.wedge = WedgeFilter(window, clock=lambda: self.ms)
        self.wedge.install()

    def enter(self, digits: str) -> None:
        for digit in digits:
            key = Qt.Key(int(Qt.Key.Key_0) + int(digit))
            self.qtbot.keyClick(self.window.entry, key, KEYPAD)
            self.ms += 250
            self.wedge.poll()
        self.qtbot.keyClick(self.window.entry, Qt.Key.Key_Enter, KEYPAD)  # the keypad's Enter
        self.ms += 250
        self.wedge.poll()

    def remove(self) -> None:
        self.wedge.uninstall()


@pytest.fixture
def keypad(qtbot, demo_store: Store, clock: ManualClock) -> Iterator[Keypad]:  # type: ignore[no-untyped-def]
    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(window)
    window.show()
    window.entry.setFocus()
    pad = Keypad(qtbot, window)
    qtbot.keyClicks(window.entry, "$USR-C001")  # the badge, scanned
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    pad.enter("1111")  # the PIN, on the keypad
    assert "Demo Clerk" in window.scan_screen.user_label.text()
    yield pad
    pad.remove()


def test_a_mistyped_ean_is_refused_with_the_check_digit_reason(keypad: Keypad) -> None:
    window = keypad.window
    keypad.enter("6975123000013")  # last digit wrong: the label says ...12
    assert keypad.wedge.scans == 1  # only the badge was a scan
    assert "REFUSED" in window.scan_screen.banner.text()
    assert "check digit" in window.scan_screen.message.text().lower()
    assert "PPE-0001" not in window.scan_screen.message.text()
    assert window.entry.text() == ""  # the clerk types again from an empty field
    assert window.history[-1].committed  # the refusal is on record


def test_the_correct_ean_typed_on_the_keypad_is_accepted(keypad: Keypad) -> None:
    window = keypad.window
    keypad.enter("6975123000012")
    assert "ACCEPTED" in window.scan_screen.banner.text()
    assert "PPE-0001" in window.scan_screen.message.text()


def test_a_mistyped_case_gtin_is_refused_and_the_right_one_accepted(keypad: Keypad) -> None:
    window = keypad.window
    keypad.enter("16975123000018")
    # Refused, never looked up. (The reason given is the GS1 one: 14 digits with a wrong check
    # digit that also read as element strings, here AI (16) with a bad date, report that.)
    assert "REFUSED" in window.scan_screen.banner.text()
    assert "PPE-0001" not in window.scan_screen.message.text()
    keypad.enter("16975123000019")
    assert "ACCEPTED" in window.scan_screen.banner.text()
    assert "PPE-0001" in window.scan_screen.message.text()


def test_two_swapped_digits_are_caught_too(keypad: Keypad) -> None:
    window = keypad.window
    keypad.enter("6975123000102")  # ...0012 typed as ...0102
    assert "REFUSED" in window.scan_screen.banner.text()
    assert "check digit" in window.scan_screen.message.text().lower()
