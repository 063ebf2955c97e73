# SPDX-License-Identifier: Apache-2.0
"""Colour, icon, word and sound tell the truth: start-up is no accepted scan, quarantine is
no plain success, the accept sound is for a committed success only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks


class HeardSounds:
    """Stands in for the sound player (the speaker is hardware): records what was played."""

    enabled = True

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, kind: str) -> bool:
        self.played.append(kind)
        return True


@pytest.fixture
def heard() -> HeardSounds:
    return HeardSounds()


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock, heard: HeardSounds) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock),
        InlineTasks(),
        station_id="ST-DEMO",
        db_label="demo.db",
        sounds=heard,  # type: ignore[arg-type]
    )
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_start_up_is_ready_and_silent(window: MainWindow, heard: HeardSounds) -> None:
    assert "READY" in window.scan_screen.banner.text()
    assert "ACCEPTED" not in window.scan_screen.banner.text()
    assert heard.played == []


def test_quarantine_shows_check_with_the_attention_sound(
    qtbot, window: MainWindow, heard: HeardSounds
) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-C001", "1111", "PO-2026-0003"):
        type_line(qtbot, window, line)
    assert heard.played == ["attention", "accept", "accept"]  # PIN asked, welcome, opened
    accepted_colour = window.scan_screen.banner.styleSheet()
    type_line(qtbot, window, "06975123000012")  # gloves: not on this receipt
    banner = window.scan_screen.banner
    assert "CHECK" in banner.text() and "⚠" in banner.text()
    assert "quarantine shelf" in window.scan_screen.message.text()
    assert heard.played[-1] == "attention"
    check_colour = banner.styleSheet()
    type_line(qtbot, window, "NO-SUCH-THING")
    assert "REFUSED" in banner.text()
    assert heard.played[-1] == "reject"
    assert len({accepted_colour, check_colour, banner.styleSheet()}) == 3  # three colours


def test_an_anchor_not_sealed_again_is_said_on_screen(
    qtbot, window: MainWindow, demo_store: Store, heard: HeardSounds, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    demo_store.anchor_audit(tmp_path / "audit.key")
    for line in ("$USR-C001", "1111"):
        type_line(qtbot, window, line)
    with demo_store.transaction() as conn:  # someone rewrites the anchored entry in the file
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql(
            "UPDATE audit_log SET hash = 'f' || substr(hash, 2) "
            "WHERE id = (SELECT max(id) FROM audit_log)"
        )
    demo_store.take_alarms()  # (raised by the edit's own commit, which is not the window's)
    type_line(qtbot, window, "$USR-C001")  # logging out is audited: the anchor is refused
    assert "CHECK" in window.scan_screen.banner.text()
    assert "anchor was not sealed again" in window.scan_screen.detail.text()
    assert heard.played[-1] == "attention"
