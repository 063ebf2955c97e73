# SPDX-License-Identifier: Apache-2.0
"""The counter's panel: the task, its locations and what was counted here. Blind: the state
carries no book quantity, so nothing here can show one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.engine.inputs import Outcome


class CountingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel("")
        self.heading.setObjectName("countHeading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("countTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.heading)
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
        rows = [
            (c["sku"], f"{c['name']} {c.get('lot') or ''}".strip(), c["qty"])
            for c in state.get("counted") or []
        ]
        self._fill([self.tr("SKU"), self.tr("Item"), self.tr("Counted")], rows)
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

    def _fill(self, headers: list[str], rows: list[tuple[str, str, str]]) -> None:
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
