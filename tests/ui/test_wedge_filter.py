# SPDX-License-Identifier: Apache-2.0
"""The keyboard-wedge filter in the window: a scanner's burst is a scan even while the entry
field has focus, a person's typing lands in the field, and every GS substitute a scanner may
send becomes ASCII 29 in the scan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from drivers.base import DeviceError
from drivers.gs1 import parse_scan
from drivers.wedge import WedgeConfig
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.wedge_filter import WedgeFilter, install_wedge_filter, wedge_config_from_url

GS = "\x1d"
CASE = "0109501101530003"  # GTIN with a valid check digit; GS1 data follows in the tests


class FakeClock:
    """Milliseconds that move only when the test says so."""

    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.show()
    win.entry.setFocus()
    return win


class Wedge:
    """A filter with a fake clock on the window; the scans it delivered are in ``scans``."""

    def __init__(self, window: MainWindow, config: WedgeConfig | None = None) -> None:
        self.clock = FakeClock()
        self.scans: list[str] = []
        self.filter = WedgeFilter(window, config, on_scan=self.scans.append, clock=self.clock)
        self.filter.install()

    def wait(self, ms: float) -> None:
        """Let ``ms`` pass and let the filter's timer do its work."""
        self.clock.ms += ms
        self.filter.poll()

    def remove(self) -> None:
        self.filter.uninstall()


@pytest.fixture
def wedge(window: MainWindow) -> Iterator[Wedge]:
    w = Wedge(window)
    yield w
    w.remove()


def keys(qtbot, wedge: Wedge, widget: QLineEdit, text: str, gap_ms: float) -> None:  # type: ignore[no-untyped-def]
    """Press the keys of ``text`` (``\\n`` is Enter) ``gap_ms`` apart on the fake clock."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(widget, char)
        wedge.wait(gap_ms)


def send(
    widget: QLineEdit, etype: QEvent.Type, key: Qt.Key, mods: Qt.KeyboardModifier, text: str = ""
) -> None:
    """One key event exactly as the platform would deliver it (no extra modifier presses)."""
    QApplication.sendEvent(widget, QKeyEvent(etype, key, mods, text))


def alt_code(widget: QLineEdit, digits: str) -> None:
    """Alt held while ``digits`` are typed on the keypad, then Alt released."""
    alt = Qt.KeyboardModifier.AltModifier
    pad = alt | Qt.KeyboardModifier.KeypadModifier
    send(widget, QEvent.Type.KeyPress, Qt.Key.Key_Alt, alt)
    for digit in digits:
        key = Qt.Key(int(Qt.Key.Key_0) + int(digit))
        send(widget, QEvent.Type.KeyPress, key, pad, digit)
        send(widget, QEvent.Type.KeyRelease, key, pad, digit)
    send(widget, QEvent.Type.KeyRelease, Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier)


def test_a_fast_burst_with_enter_is_a_scan_even_in_the_entry_field(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    assert window.entry.hasFocus()
    keys(qtbot, wedge, window.entry, "4006381333931\n", gap_ms=8)
    assert wedge.scans == ["4006381333931"]
    assert window.entry.text() == ""  # not one digit of the scan landed in the field
    assert not wedge.filter.pending()


def test_slow_typing_lands_in_the_field(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "PPE-0001", gap_ms=150)
    assert window.entry.text() == "PPE-0001"
    assert wedge.scans == []


def test_typing_is_held_back_only_until_it_is_clearly_typing(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, "7")
    assert window.entry.text() == ""  # could still be the start of a scan
    wedge.wait(10)
    assert window.entry.text() == ""
    wedge.wait(25)  # more than max_gap_ms (30) after the key
    assert window.entry.text() == "7"


def test_a_scan_between_typed_keys_leaves_the_typed_text_alone(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "12", gap_ms=200)
    keys(qtbot, wedge, window.entry, "$LOC-A-01-1\n", gap_ms=6)
    wedge.wait(200)
    keys(qtbot, wedge, window.entry, "3", gap_ms=200)
    assert wedge.scans == ["$LOC-A-01-1"]
    assert window.entry.text() == "123"


def test_editing_keys_keep_their_order_with_held_typing(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "ab", gap_ms=5)  # fast, but short and no Enter
    qtbot.keyClick(window.entry, Qt.Key.Key_Backspace)  # settles "ab" first, then deletes
    assert window.entry.text() == "a"
    wedge.wait(200)
    assert window.entry.text() == "a"


def test_slow_typing_and_enter_submit_the_field(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "$USR-C001\n", gap_ms=120)
    assert "enter your PIN" in window.scan_screen.message.text()
    assert window.entry.text() == ""
    assert wedge.scans == []


def test_gs_as_a_raw_ascii_29(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, CASE, gap_ms=5)
    send(window.entry, QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, GS)
    send(
        window.entry, QEvent.Type.KeyRelease, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, GS
    )
    wedge.wait(5)
    keys(qtbot, wedge, window.entry, "10AB12\n", gap_ms=5)
    assert wedge.scans == [f"{CASE}{GS}10AB12"]
    assert parse_scan(wedge.scans[0]).gs1 == {"01": "09501101530003", "10": "AB12"}


def test_gs_as_ctrl_right_bracket(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "10LOT7", gap_ms=5)
    qtbot.keyClick(window.entry, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    wedge.wait(5)
    keys(qtbot, wedge, window.entry, f"{CASE}\n", gap_ms=5)
    assert wedge.scans == [f"10LOT7{GS}{CASE}"]
    assert window.entry.text() == ""


def test_gs_as_an_alt_029_sequence_on_the_keypad(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "10LOT7", gap_ms=5)
    alt_code(window.entry, "0029")
    wedge.wait(5)
    keys(qtbot, wedge, window.entry, f"{CASE}\n", gap_ms=5)
    assert wedge.scans == [f"10LOT7{GS}{CASE}"]
    assert window.entry.text() == ""


def test_gs_as_a_configured_function_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    config = WedgeConfig(gs_substitutes=("\x1d", "ctrl+]", "alt+29", "F8"))
    wedge = Wedge(window, config)
    try:
        keys(qtbot, wedge, window.entry, "10LOT7", gap_ms=5)
        qtbot.keyClick(window.entry, Qt.Key.Key_F8)
        wedge.wait(5)
        keys(qtbot, wedge, window.entry, f"{CASE}\n", gap_ms=5)
        assert wedge.scans == [f"10LOT7{GS}{CASE}"]
    finally:
        wedge.remove()


def test_two_scanner_brands_on_one_site_both_work(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    wedge = Wedge(window, wedge_config_from_url("wedge://?gs=ctrl%2B%5D,F8"))
    try:
        keys(qtbot, wedge, window.entry, "10A", gap_ms=5)
        qtbot.keyClick(window.entry, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        keys(qtbot, wedge, window.entry, "17270131\n", gap_ms=5)
        wedge.wait(500)
        keys(qtbot, wedge, window.entry, "10B", gap_ms=5)
        qtbot.keyClick(window.entry, Qt.Key.Key_F8)
        keys(qtbot, wedge, window.entry, "17270131\n", gap_ms=5)
        assert wedge.scans == [f"10A{GS}17270131", f"10B{GS}17270131"]
    finally:
        wedge.remove()


def test_a_gs_key_typed_by_a_person_stays_a_key(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    keys(qtbot, wedge, window.entry, "ab", gap_ms=150)
    qtbot.keyClick(window.entry, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    wedge.wait(150)
    assert wedge.scans == []
    assert window.entry.text() == "ab"


def test_shortcuts_still_work_and_settle_held_typing_first(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, "x")
    qtbot.keyClick(window.entry, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert window.entry.selectedText() == "x"


def test_the_window_shortcuts_still_fire(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    before = window.shown
    qtbot.keyClicks(window.entry, "7")
    qtbot.keyClick(window.entry, Qt.Key.Key_Escape)  # the window's "cancel" shortcut
    assert window.entry.text() == "7"  # the held key went in first
    assert window.shown == before + 1  # and Escape reached the engine as cancel


def test_a_scan_is_a_scan_whichever_widget_of_the_window_has_the_focus(
    qtbot, window: MainWindow, wedge: Wedge
) -> None:  # type: ignore[no-untyped-def]
    note = QLineEdit(window.centralWidget())  # another field of the window, say a remark
    note.show()
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    keys(qtbot, wedge, note, "4006381333931\n", gap_ms=8)
    assert wedge.scans == ["4006381333931"]
    assert note.text() == ""
    keys(qtbot, wedge, note, "late", gap_ms=150)  # a person typing there
    assert note.text() == "late"
    window.entry.setFocus()  # the filter moves with the focus, back to the entry
    qtbot.waitUntil(window.entry.hasFocus)
    keys(qtbot, wedge, window.entry, "4006381333931\n", gap_ms=8)
    assert wedge.scans == ["4006381333931", "4006381333931"]
    assert window.entry.text() == "" and note.text() == "late"


def test_keys_in_another_window_are_left_alone(qtbot, window: MainWindow, wedge: Wedge) -> None:  # type: ignore[no-untyped-def]
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(other, "4006381333931")
    qtbot.keyClick(other, Qt.Key.Key_Return)
    assert other.text() == "4006381333931"
    assert wedge.scans == []


def test_installed_with_real_time_scans_and_typing_reach_the_engine(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    # Real time: wider thresholds than the defaults so a busy test machine cannot split the
    # burst, and a person's 150 ms between keys is still clearly typing.
    config = WedgeConfig(max_gap_ms=60, end_gap_ms=200)
    wedge = install_wedge_filter(window, config)
    try:
        qtbot.keyClicks(window.entry, "$USR-C001")  # QTest sends keys at once: a scanner burst
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
        assert wedge.scans == 1
        assert "enter your PIN" in window.scan_screen.message.text()
        qtbot.keyClicks(window.entry, "1111", delay=150)  # a person: 150 ms between keys
        qtbot.waitUntil(lambda: window.entry.text() == "1111", timeout=3000)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return, delay=150)
        qtbot.waitUntil(lambda: "Demo Clerk" in window.scan_screen.user_label.text(), timeout=3000)
        assert wedge.scans == 1
        assert window.history[-1].outcome == "accepted"
    finally:
        wedge.uninstall()


def test_the_wedge_url_sets_thresholds_and_substitutes() -> None:
    config = wedge_config_from_url(
        "wedge://?max_gap_ms=40&end_gap_ms=150&min_len=6&terminators=enter,tab&gs=%1D,F9"
    )
    assert (config.max_gap_ms, config.end_gap_ms, config.min_len) == (40, 150, 6)
    assert config.terminators == ("Enter", "Tab")
    assert config.gs_substitutes == ("\x1d", "F9")
    assert wedge_config_from_url("wedge://?terminators=none").terminators == ()
    with pytest.raises(DeviceError, match="max_gap"):
        wedge_config_from_url("wedge://?max_gap=40")
