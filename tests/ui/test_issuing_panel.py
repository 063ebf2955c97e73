# SPDX-License-Identifier: Apache-2.0
"""The issuing screen as the picker and the checker see it: lots to take, lines picked, a
blind check that hides the picker's counts, and a line sent back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.panels.issuing import HIDDEN, IssuingPanel

L1 = "]C1010697512300017310L2608241"
L2 = "]C1010697512300022710L2609221"
L3 = "]C1010697512300027210L2606111"


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.show()
    return win


def type_lines(qtbot, window: MainWindow, *texts: str) -> None:  # type: ignore[no-untyped-def]
    for text in texts:
        qtbot.keyClicks(window.entry, text)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def panel(window: MainWindow) -> IssuingPanel:
    widget = window.scan_screen.panels.currentWidget()
    assert isinstance(widget, IssuingPanel)
    return widget


def column(p: IssuingPanel, title: str) -> list[str]:
    headers = [p.table.horizontalHeaderItem(c).text() for c in range(p.table.columnCount())]
    index = headers.index(title)
    return [p.table.item(r, index).text() for r in range(p.table.rowCount())]


def test_picking_shows_the_lots_to_take_and_what_is_picked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_lines(qtbot, window, "$USR-C001", "1111", "$CMD-PICK")
    choose = panel(window)
    assert choose.header.text() == "Choose an issue order"
    assert column(choose, "Order") == ["ISS-0001", "ISS-0002", "ISS-0003"]
    type_lines(qtbot, window, "1", "$LOC-A-01-2", L1, "@qty 5")
    p = panel(window)
    assert p.header.text().startswith("ISS-0001  →  Assembly line 1")
    assert "Demo Clerk (C001)" in p.people.text() and "Checker: —" in p.people.text()
    assert column(p, "Take") == ["L2608241 @ A-01-2", "L2609221 @ B-01-2", "L2606111 @ B-04-1"]
    assert column(p, "Picked") == ["5", "0", "0"]
    assert column(p, "Lot")[0] == "L2608241"
    assert "Line 1 BEAR-0017: 5 of 5 EA" in window.scan_screen.message.text()


def test_the_check_is_blind_and_a_mismatch_comes_back(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    type_lines(qtbot, window, "$USR-C001", "1111", "ISS-0001")
    type_lines(qtbot, window, "$LOC-A-01-2", L1, "@qty 5", "$LOC-B-01-2", L2, "@qty 10")
    type_lines(qtbot, window, "$LOC-B-04-1", L3, "@qty 10", "$CMD-DONE")
    p = panel(window)
    assert "Locked" in p.header.text()
    assert column(p, "Picked") == [HIDDEN] * 3 and column(p, "Lot") == [HIDDEN] * 3
    type_lines(qtbot, window, "$USR-C002")
    assert window.entry.echoMode() == QLineEdit.EchoMode.Password  # the checker's PIN
    assert "Demo Clerk, Demo Clerk Two" in window.user_status.text()
    type_lines(qtbot, window, "1212", L1, "@qty 4", L2, "@qty 10")
    p = panel(window)
    assert "Checking" in p.header.text()
    assert column(p, "Counted") == ["4", "10", "0"]
    assert column(p, "Picked") == [HIDDEN] * 3
    shot = tmp_path / "checking.png"
    assert window.grab().save(str(shot))
    type_lines(qtbot, window, L3, "@qty 10", "$CMD-DONE")
    assert "REFUSED" in window.scan_screen.banner.text()
    p = panel(window)
    assert column(p, "Status")[0] == "back: picked 5 L2608241 / counted 4 L2608241"
    assert column(p, "Status")[1:] == ["checked", "checked"]
    assert column(p, "Picked") == ["0", "10", "10"]


def test_a_screenshot_of_the_picking_screen(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    type_lines(qtbot, window, "$USR-C001", "1111", "ISS-0002")
    type_lines(qtbot, window, "$LOC-B-03-2", "]C1010697512300033310L2601162", "@qty 5")
    type_lines(qtbot, window, "$LOC-C-01-2", "]C1010697512300038810L2610291")
    assert "lot L2610172 expires first" in window.scan_screen.message.text()
    shot = tmp_path / "issuing.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 20_000
