# SPDX-License-Identifier: Apache-2.0
"""End to end as the bench uses it: a clerk receives GS1 cases in the window; after the
receipt posts, the batch labels of the new lots reach the printer and the discrepancy-free
receipt leaves no document behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from drivers.gs1 import parse_scan
from station.core.clock import ManualClock
from station.core.documents import register_all
from station.core.effects import carry_out
from station.core.engine.session import Engine
from station.core.label_printing.queue import PrintQueue
from station.core.store.database import Store
from station.ui.main_window import MainWindow
from station.ui.ops import InlineTasks

SCANS = [
    "$USR-C001",
    "1111",
    "PO-2026-0001",
    "]C1011697512300034717281231\x1d10CB2611A",
    "]C1011697512300034717281231\x1d10CB2611A",
    "]C1011697512300021717281231\x1d10CS2611",
    "]C1020697512300021017281231374\x1d10CS2611",
    "$LOC-A-02-1",
    "$CMD-DONE",
]


def test_posting_a_receipt_prints_a_label_per_new_lot(
    qtbot, demo_store: Store, clock: ManualClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    register_all()
    zpl = tmp_path / "labels.zpl"
    results: list[list[str]] = []

    def run_effects(effects: list[dict]) -> None:  # type: ignore[type-arg]
        results.append(
            carry_out(
                effects,
                store=demo_store,
                printer_url=f"file://{zpl}",
                documents_dir=tmp_path / "documents",
            )
        )

    window = MainWindow(
        Engine(demo_store, clock), InlineTasks(), station_id="ST", db_label="d", effects=run_effects
    )
    qtbot.addWidget(window)
    for text in SCANS:
        window.entry.setText(text)
        qtbot.keyClick(window.entry, Qt.Key.Key_Return)
    assert "posted" in window.scan_screen.message.text()
    assert results and results[0][0].startswith("label-job:")
    PrintQueue(demo_store).run_once()
    printed = zpl.read_text(encoding="utf-8")
    assert printed.count("^XA") == 2  # one batch label per new lot
    assert "CB2611A" in printed and "CS2611" in printed
    assert parse_scan("]C1011697512300034717281231\x1d10CB2611A").error is None
