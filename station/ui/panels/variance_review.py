# SPDX-License-Identifier: Apache-2.0
"""The supervisor's variance review panel: the review list by value impact, the selected
variance with the first count beside a recount, or the accuracy history. Renders the
outcome's state only; never reads the store."""

from __future__ import annotations

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

from ..translation import tr_word
from ..wrap_label import WrapLabel

COLUMNS = [
    ("n", "#"),
    ("location", "Location"),
    ("sku", "SKU"),
    ("name", "Item"),
    ("lot", "Lot"),
    ("counter", "Counter"),
    ("expected", "Expected"),
    ("counted", "Counted"),
    ("variance", "Variance"),
    ("value", "Value"),
    ("flags", "Notes"),
]
NUMERIC = {"expected", "counted", "variance", "value"}


def movement_lines(row: dict[str, Any]) -> list[str]:
    """The movements behind a row's expected quantity, each kind as a word in the window's
    language (``Receipt +5 2026-11-24 09:40 PO-7``), never as the ledger's identifier."""
    lines = []
    for move in row.get("moves") or []:
        qty = str(move.get("qty", ""))
        signed = qty if qty.startswith("-") else f"+{qty}"
        ref = f" {move['reference']}" if move.get("reference") else ""
        lines.append(f"{tr_word(str(move.get('kind', '')))} {signed} {move.get('when', '')}{ref}")
    return lines


class VarianceReviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = WrapLabel("")
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(112)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("varianceTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_outcome(self, outcome: Outcome) -> None:
        state = outcome.state
        if state.get("stage") == "accuracy":
            self._accuracy(state.get("accuracy") or {})
            return
        rows = state.get("rows") or []
        selected = state.get("selected")
        filters = state.get("filters") or {}
        shown = ", ".join(f"{k} {v}" for k, v in filters.items()) or self.tr("all")
        text = self.tr("Filter: {filters}. Largest value first.").format(filters=shown)
        if selected:
            text += "\n" + self._selected_text(selected, state.get("comment") or "")
        self.summary.setText(text)
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(title) for _, title in COLUMNS])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(COLUMNS):
                cell = QTableWidgetItem(self._cell(key, r, row))
                if key in NUMERIC:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if selected and row.get("variance_id") == selected.get("variance_id"):
                    cell.setBackground(Qt.GlobalColor.yellow)
                self.table.setItem(r, c, cell)

    def _cell(self, key: str, r: int, row: dict[str, Any]) -> str:
        if key == "n":
            return str(r + 1)
        if key == "lot":
            return str(row.get("lot") or "") if row.get("lots_counted") else self.tr("all lots")
        if key == "flags":
            notes = []
            if row.get("moved_during_count"):
                notes.append(self.tr("stock moved during the count"))
            first = row.get("first_count")
            if first:
                notes.append(self.tr("first count") + f" {first['counted']} ({first['counter']})")
            return "; ".join(notes)
        return str(row.get(key) if row.get(key) is not None else "")

    def _selected_text(self, row: dict[str, Any], comment: str) -> str:
        text = (
            f"{row['location']}  {row['sku']} {row['name']}:  "
            + self.tr("expected")
            + f" {row['expected']} ("
            + self.tr("book")
            + f" {row['book']}, "
            + self.tr("moved")
            + f" {row['moved']}),  "
            + self.tr("counted")
            + f" {row['counted']},  "
            + self.tr("variance")
            + f" {row['variance']} = {row['value']}"
        )
        first = row.get("first_count")
        if first:
            text += "   " + self.tr("first count") + f": {first['counted']} ({first['counter']})"
        moves = movement_lines(row)
        if moves:
            text += "\n" + self.tr("Moves in the expected quantity:") + " "
            text += "; ".join(moves)
        if comment:
            text += "\n" + self.tr("Comment") + f": {comment}"
        return text

    def _accuracy(self, summary: dict[str, Any]) -> None:
        overall = summary.get("overall") or {}
        self.summary.setText(
            self.tr("Record accuracy")
            + f": {overall.get('accuracy_pct', '0')}% ({overall.get('within', 0)}/"
            + f"{overall.get('lines', 0)})"
        )
        groups = [
            (self.tr(label), g)
            for name, label in (
                ("by_day", "Day"),
                ("by_zone", "Zone"),
                ("by_counter", "Counter"),
                ("by_location", "Location"),
            )
            for g in summary.get(name) or []
        ]
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Group"), self.tr("Key"), self.tr("Lines"), self.tr("Accuracy %")]
        )
        self.table.setRowCount(len(groups))
        for r, (label, g) in enumerate(groups):
            for c, value in enumerate((label, g["key"], g["lines"], g["accuracy_pct"])):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))


PANELS = {"variance_review": VarianceReviewPanel}
