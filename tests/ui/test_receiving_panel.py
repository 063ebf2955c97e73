# SPDX-License-Identifier: Apache-2.0
"""The receiving screen as a clerk sees it: a small delivery received by scans alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from drivers.base import ScanEvent
from station.core.clock import ManualClock
from station.core.engine.session import Engine
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks
from station.ui.panels.moving import MovePanel
from station.ui.panels.receiving import ReceivingPanel

SCREENSHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "receiving.png"


@pytest.fixture
def window(qtbot, demo_store: Store, clock: ManualClock) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST-DEMO", db_label="demo.db"
    )
    qtbot.addWidget(win)
    win.resize(1100, 760)
    win.show()
    return win


def type_line(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Qt.Key.Key_Return)


def device_scan(window: MainWindow, text: str) -> None:
    """A scan from a hardware scanner (data with GS separators cannot be typed)."""
    window.on_device_scan(
        ScanEvent(
            source_url="loop://", symbology=None, aim=None, raw=text.encode(), text=text, ts=0.0
        )
    )


def panel(window: MainWindow) -> ReceivingPanel:
    widget = window.scan_screen.panels.currentWidget()
    assert isinstance(widget, ReceivingPanel)
    return widget


def row(p: ReceivingPanel, n: int) -> list[str]:
    return [p.lines.item(n, c).text() for c in range(p.lines.columnCount())]


def test_a_small_delivery_received_by_scans(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "PO-2026-0003")
    p = panel(window)
    assert window.scan_screen.workflow_label.text() == "Receiving"
    assert p.header.text().startswith("PO-2026-0003 — Greenfield Chemicals")
    assert p.lines.rowCount() == 4
    assert row(p, 0) == ["1", "ELEC-0035", "Terminal block 4mm", "48", "0", "OPEN"]

    type_line(qtbot, window, "16975123000354")  # a case of 20 terminal blocks
    assert "ACCEPTED" in window.scan_screen.banner.text()
    assert "+20  ELEC-0035 Terminal block 4mm\n20 / 48 EA  SHORT" == p.last_scan.text()
    assert p.captured.text() == "one pack"  # where the quantity came from, under the card
    assert row(p, 0)[4:] == ["20", "SHORT"]

    device_scan(window, "]C1020697512300048717280630\x1d3748\x1d10BA2611")  # GS inside
    assert row(p, 1)[4:] == ["48", "COMPLETE"]
    type_line(qtbot, window, "06975123000012")  # gloves: not on this receipt
    assert "QUARANTINE" in p.last_scan.text()
    assert "Q1 PPE-0001" in p.quarantine.text()
    type_line(qtbot, window, "@qty 12")
    assert "Next scan counts 12" in p.header.text()
    type_line(qtbot, window, "06975123000616")
    assert row(p, 2)[4:] == ["12", "COMPLETE"]
    assert p.last_scan.text().endswith("12 / 12 EA  COMPLETE")
    assert p.captured.text() == "quantity typed"
    type_line(qtbot, window, "$LOC-B-03-2")
    assert "Put away to B-03-2" in p.header.text()
    assert p.progress.value() == 2 and p.progress.maximum() == 4
    assert "Quarantined 1" in p.counts.text()
    for _ in range(3):  # laid out as shown: wrapped labels settle
        QCoreApplication.processEvents()
    window.grab().save(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000

    type_line(qtbot, window, "$CMD-DONE")
    assert "PO-2026-0003 posted into B-03-2" in window.scan_screen.message.text()
    assert "POSTED" in p.header.text()
    effects = window.history[-1].effects
    assert [e["kind"] for e in effects] == ["labels", "document"]


def test_an_over_receipt_shows_the_approval_it_waits_for(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "PO-2026-0001")
    for _ in range(3):
        type_line(qtbot, window, "16975123000347")
    p = panel(window)
    assert "CHECK" in window.scan_screen.banner.text()  # a supervisor is needed: not a success
    assert "18 / 12" in p.last_scan.text() and "supervisor" in p.last_scan.text()
    type_line(qtbot, window, "$USR-S001")
    assert "Demo Supervisor" in window.scan_screen.user_label.text()
    type_line(qtbot, window, "3333")  # typed as a PIN: the entry is masked
    assert "approved by Demo Supervisor" in window.scan_screen.message.text()
    assert row(p, 1)[4:] == ["18", "OVER"]


def test_the_move_screen_follows_a_put_away(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_line(qtbot, window, "$USR-C001")
    type_line(qtbot, window, "1111")
    type_line(qtbot, window, "PO-2026-0001")
    type_line(qtbot, window, "16975123000347")
    type_line(qtbot, window, "$CMD-DONE")
    type_line(qtbot, window, "$CMD-DONE")
    type_line(qtbot, window, "$CMD-MOVE")
    type_line(qtbot, window, "$LOC-RECV-01")
    type_line(qtbot, window, "16975123000347")
    move = window.scan_screen.panels.currentWidget()
    assert isinstance(move, MovePanel)
    assert "ELEC-0034" in move.current.text() and "6 / 6 EA" in move.current.text()
    type_line(qtbot, window, "$LOC-A-05-1")
    assert move.moved.rowCount() == 1
    assert [move.moved.item(0, c).text() for c in range(5)] == [
        "ELEC-0034",
        "",
        "6",
        "RECV-01",
        "A-05-1",
    ]


def test_the_last_scan_shows_the_lot_expiry_and_where_the_quantity_came_from(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    for line in ("$USR-C001", "1111", "PO-2026-0003"):
        type_line(qtbot, window, line)
    device_scan(window, "]C1020697512300048717280630\x1d3748\x1d10BA2611")  # GS1 case
    card = panel(window).captured.text()
    assert "Lot BA2611" in card
    assert "Expiry 2028-06-30" in card and "days left" in card
    assert "quantity from the barcode" in card
    type_line(qtbot, window, "3")  # typed first: the next scan counts 3
    type_line(qtbot, window, "16975123000354")
    assert "quantity typed" in panel(window).captured.text()
