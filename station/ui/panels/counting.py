# SPDX-License-Identifier: Apache-2.0
"""The counter's panel: the task, its locations and what was counted here. Blind: the state
carries no book quantity, so nothing here can show one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.engine.inputs import Outcome

from ..wrap_label import WrapLabel
from .captured import CapturedLabel, CapturedMemory, captured_text, days_left


class CountingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setStyleSheet(
            "#countHeading { font-size: 14pt; font-weight: bold; } QTableWidget { font-size: 13pt; }"
        )
        self.heading = WrapLabel("")
        self.heading.setObjectName("countHeading")
        self.heading.setWordWrap(True)
        self.last_scan = WrapLabel("")
        self.last_scan.setObjectName("countLast")
        self.last_scan.setWordWrap(True)
        self.last_scan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.last_scan.setStyleSheet(
            "#countLast { font-size: 18pt; font-weight: bold; padding: 4px;"
            " border: 2px solid #555; border-radius: 6px; background: #dbe9f6; }"
        )
        self.last_scan.hide()
        self.captured = CapturedLabel()
        self.memory = CapturedMemory()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("countTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.heading)
        layout.addWidget(self.last_scan)
        layout.addWidget(self.captured)
        layout.addWidget(self.table, 1)

    def show_outcome(self, outcome: Outcome) -> None:
        state = outcome.state
        stage = state.get("stage")
        task = state.get("task") or {}
        if stage == "task":
            rows = [
                (t["reference"], f"{t.get('where') or ''} {t.get('item') or ''}", t["reason"])
                for t in state.get("tasks") or []
            ]
            self._fill([self.tr("Task"), self.tr("Where"), self.tr("Why")], rows)
            self.heading.setText(self.tr("Open count tasks, by priority"))
            return
        if stage == "location":
            rows = [
                (x["code"], self.tr("counted") if x["counted"] else self.tr("to count"), "")
                for x in state.get("locations") or []
            ]
            self._fill([self.tr("Location"), self.tr("Status"), ""], rows)
            self.heading.setText(f"{task.get('reference', '')}  {task.get('reason', '')}")
            return
        counted: list[tuple[Any, ...]] = [
            (
                c["sku"],
                c["name"],
                c["qty"],
                c.get("lot") or "",
                self.memory.expiry_of(c.get("lot")) or "",
            )
            for c in state.get("counted") or []
        ]
        self._fill(
            [
                self.tr("SKU"),
                self.tr("Item"),
                self.tr("Counted"),
                self.tr("Lot"),
                self.tr("Expiry"),
            ],
            counted,
        )
        rfid = state.get("rfid")
        extra = ""
        if rfid:
            extra = "  RFID: " + self.tr("new") + f" {rfid['new']}, " + self.tr("repeated")
            extra += f" {rfid['repeated']}, " + self.tr("not items") + f" {rfid['not_items']}"
        self.heading.setText(
            f"{task.get('reference', '')}  "
            + self.tr("Location")
            + f" {state.get('location', '')}"
            + extra
        )

    def show_scanned(self, outcome: Outcome, scanned: dict[str, Any]) -> None:
        """The last line counted, large, and what its scan carried; the table's expiry too."""
        state = outcome.state
        last = state.get("last") if state.get("stage") == "counting" else None
        if not last:
            self.last_scan.hide()
            self.captured.show_text("")
            return
        captured = scanned.get("captured")
        self.memory.note(captured)
        self.last_scan.setText(
            f"{last['sku']} {last['name']}\n" + self.tr("Counted") + f" {last['qty']}"
        )
        self.last_scan.show()
        lot = last.get("lot")
        expiry = self.memory.expiry_of(lot)
        source = scanned.get("source")
        if source is None and captured is None and last.get("pack") not in (None, "1"):
            source = "pack"
        today = scanned.get("today")
        self.captured.show_text(
            captured_text(
                lot=lot,
                expiry=expiry,
                days=days_left(expiry, today) if today else None,
                serial=captured.serial if captured is not None else None,
                source=source,
            )
        )
        if expiry:  # the table was filled before this scan's expiry was known
            self.show_outcome(outcome)

    def _fill(self, headers: list[str], rows: Sequence[tuple[Any, ...]]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = QTableWidgetItem(str(value))
                if c == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, cell)


PANELS = {"counting": CountingPanel}
