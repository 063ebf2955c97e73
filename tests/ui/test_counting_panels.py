# SPDX-License-Identifier: Apache-2.0
"""The counting and variance review screens as a counter and a supervisor see them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks

DOCS_SHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "variance_review.png"


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    with demo_store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO settings (key, value, updated_at) VALUES ('count_planning', 'false', 'x')"
        )
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.show()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def _count_b_02_4(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-N001", "2222", "CC-0003", "06975123001026", "@qty 5", "06975123000586"):
        type_line(qtbot, window, line)
    for line in ("@qty 149", "16975123001481", "@qty 14", "06975123000012", "06975123000012"):
        type_line(qtbot, window, line)


def test_the_counter_sees_counts_but_never_the_book(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _count_b_02_4(qtbot, window)
    panel = window.scan_screen.workflow_panels["counting"]
    assert window.scan_screen.panels.currentWidget() is panel
    table = panel.table  # type: ignore[attr-defined]
    assert table.horizontalHeaderItem(2).text() == "Counted"
    shown = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert shown == {"BEAR-0102": "5", "FAST-0058": "149", "PACK-0148": "140", "PPE-0001": "2"}
    assert "150" not in " ".join(shown.values())  # the book of FAST-0058 is nowhere


def test_the_review_screen_lists_by_value_and_decides(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _count_b_02_4(qtbot, window)
    for line in ("$CMD-DONE", "$CMD-LOGOUT", "$USR-S001", "3333", "$CMD-REVIEW"):
        type_line(qtbot, window, line)
    panel = window.scan_screen.workflow_panels["variance_review"]
    assert window.scan_screen.panels.currentWidget() is panel
    table = panel.table  # type: ignore[attr-defined]
    skus = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert skus[0] == "PACK-0185"  # 150 not counted at 40.53: the largest value first
    assert table.item(0, 9).text() == "-6079.50"
    type_line(qtbot, window, "1")
    assert "Choose approve, reject or recount" in window.scan_screen.message.text()
    assert "expected 150" in panel.summary.text()  # type: ignore[attr-defined]
    type_line(qtbot, window, "@text found on the next shelf")
    if os.environ.get("STATION_WRITE_DOC_SHOTS"):
        window.grab().save(str(DOCS_SHOT))
    shot = tmp_path / "review.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
    type_line(qtbot, window, "2")  # reject
    assert (
        "enter your PIN" in window.scan_screen.message.text().lower()
        or window.scan_screen.last.state.get("awaiting_pin")
    )
    type_line(qtbot, window, "3333")
    assert "Rejected" in window.scan_screen.message.text()
    assert table.rowCount() == len(skus) - 1


def test_a_gs1_label_counted_shows_its_lot_and_expiry(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-N001", "2222", "CC-0003", "]C101069751230001731728123110L2608241"):
        type_line(qtbot, window, line)
    panel = window.scan_screen.workflow_panels["counting"]
    captured = panel.captured.text()  # type: ignore[attr-defined]
    assert "Lot L2608241" in captured and "Expiry 2028-12-31" in captured
    assert "days left" in captured
    table = panel.table  # type: ignore[attr-defined]
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = {h: table.item(0, c).text() for c, h in enumerate(headers)}
    assert (row["Lot"], row["Expiry"], row["Counted"]) == ("L2608241", "2028-12-31", "1")
    type_line(qtbot, window, "3")  # the count of that item, typed
    captured = panel.captured.text()  # type: ignore[attr-defined]
    assert "Lot L2608241" in captured and "quantity typed" in captured
