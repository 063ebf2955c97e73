# SPDX-License-Identifier: Apache-2.0
"""Typed numbers mean what the screen asks for: a quantity, a choice or a PIN, never an item
looked up; the prompt line says which comes next."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station.core.clock import ManualClock
from station.core.engine.inputs import Choose, Pin, Qty, Scan, TextInput
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.typed_entry import typed_event


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
    win.resize(1024, 768)
    win.show()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def test_a_number_typed_in_receiving_is_the_next_quantity(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-C001", "1111", "PO-2026-0003"):
        type_line(qtbot, window, line)
    assert "type it first" in window.scan_screen.prompt.text()
    type_line(qtbot, window, "12")
    assert "ACCEPTED" in window.scan_screen.banner.text()
    assert "not an item" not in window.scan_screen.message.text()
    panel = window.scan_screen.panels.currentWidget()
    assert "Next scan counts 12" in panel.header.text()  # type: ignore[attr-defined]


def test_a_number_typed_after_a_count_scan_is_its_quantity(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-N001", "2222", "CC-0003", "06975123001026"):
        type_line(qtbot, window, line)
    assert "quantity of the item just scanned" in window.scan_screen.prompt.text()
    type_line(qtbot, window, "5")
    assert "ACCEPTED" in window.scan_screen.banner.text()
    table = window.scan_screen.workflow_panels["counting"].table  # type: ignore[attr-defined]
    shown = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert shown == {"BEAR-0102": "5"}


def test_the_pin_field_masks_and_a_gs1_looking_pin_logs_in(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    assert window.entry.echoMode() == QLineEdit.EchoMode.Password
    assert "PIN" in window.scan_screen.prompt.text()
    type_line(qtbot, window, "1111")  # "11" opens GS1 AI (11) in a barcode; a PIN is no barcode
    assert "Welcome" in window.scan_screen.message.text()
    assert window.entry.echoMode() == QLineEdit.EchoMode.Normal


def test_the_same_text_means_what_is_expected() -> None:
    quantity_first = {
        "kind": "scan",
        "also": ["quantity"],
        "quantity": "before_scan",
        "min": "1",
        "max": "99999",
    }
    assert typed_event("4", quantity_first) == Qty("4")
    assert typed_event("2.5", quantity_first) == Qty("2.5")
    assert isinstance(typed_event("123456", quantity_first), Scan)  # over the most one input takes
    assert isinstance(typed_event("06975123000012", quantity_first), Scan)  # a GTIN by hand
    assert typed_event("1234", {"kind": "pin", "also": []}) == Pin("1234")
    menu = {"kind": "scan", "also": ["choice"], "choices": 3}
    assert typed_event("2", menu) == Choose(2)
    assert isinstance(typed_event("7", menu), Scan)
    assert typed_event("Acme", {"kind": "text", "also": ["scan"]}) == TextInput("Acme")
    assert typed_event("@qty 3", None) == Qty("3")
