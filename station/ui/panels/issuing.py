# SPDX-License-Identifier: Apache-2.0
"""The issuing panel: the order being picked or checked, line by line.

It renders the ``issuing`` workflow's documented state (docs/workflows/issuing.md) and nothing
else. While the order is locked or being checked the state carries no picker quantities, lots
or locations, and the panel shows the checker's own counts only, so the check stays blind.
GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
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

HIDDEN = "•••"
CURRENT = QColor("#fff4c2")
RETURNED = QColor("#fde2e2")
CHECKED = QColor("#e3f4e8")


class IssuingPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuingPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = WrapLabel()
        self.header.setObjectName("issuingHeader")
        self.header.setWordWrap(True)
        self.people = WrapLabel()
        self.people.setObjectName("issuingPeople")
        self.people.setWordWrap(True)
        self.hint = WrapLabel()
        self.hint.setObjectName("issuingHint")
        self.hint.setWordWrap(True)
        self.last_scan = WrapLabel()
        self.last_scan.setObjectName("issuingLast")
        self.last_scan.setWordWrap(True)
        self.last_scan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.captured = CapturedLabel()
        self.memory = CapturedMemory()
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("issuingLines")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for widget in (
            self.header,
            self.people,
            self.hint,
            self.last_scan,
            self.captured,
            self.table,
        ):
            layout.addWidget(widget)
        self.setStyleSheet(
            "#issuingHeader { font-size: 16pt; font-weight: bold; }"
            "#issuingPeople { font-size: 13pt; }"
            "#issuingHint { font-size: 13pt; color: #5a4500; }"
            "#issuingLast { font-size: 18pt; font-weight: bold; padding: 4px;"
            " border: 2px solid #555; border-radius: 6px; background: #fff4c2; }"
            "QTableWidget { font-size: 13pt; }"
        )

    # -- rendering ---------------------------------------------------------------------------
    def show_outcome(self, outcome: Outcome) -> None:
        state = outcome.state
        if state.get("phase") == "choose":
            self._show_orders(state)
            return
        if not state.get("reference"):
            self.header.setText("")
            self.people.setText("")
            self.hint.setText("")
            self.table.setRowCount(0)
            return
        phase = str(state.get("phase"))
        self.header.setText(
            f"{state['reference']}  →  {state.get('destination', '')}   ·   {self._phase(phase)}"
        )
        picker = state.get("picker") or {}
        checker = state.get("checker") or {}
        self.people.setText(
            self.tr("Picker")
            + f": {picker.get('name', '')} ({picker.get('badge', '')})     "
            + self.tr("Checker")
            + ": "
            + (f"{checker.get('name')} ({checker.get('badge')})" if checker else "—")
        )
        self.hint.setText(self._hint(state))
        self._show_lines(state)

    def show_scanned(self, outcome: Outcome, scanned: dict[str, Any]) -> None:
        """The current line, large, and what its scan carried (lot, expiry, quantity source)."""
        state = outcome.state
        line = next(
            (x for x in state.get("lines") or [] if x.get("line") == state.get("current_line")),
            None,
        )
        if line is None or state.get("phase") not in ("picking", "checking"):
            self.last_scan.hide()
            self.captured.show_text("")
            return
        captured = scanned.get("captured")
        self.memory.note(captured)
        checking = state.get("phase") == "checking"
        lot = line.get("check_lot") if checking else line.get("lot")
        qty = line.get("checked") if checking else line.get("picked")
        shown_qty = "" if qty is None else f"{qty} / "
        self.last_scan.setText(
            self.tr("Line")
            + f" {line['line']}  {line['sku']} {line['name']}\n"
            + f"{shown_qty}{line['ordered']} {line.get('unit', '')}"
        )
        self.last_scan.show()
        expiry = self._expiry(line, lot)
        today = scanned.get("today")
        self.captured.show_text(
            captured_text(
                lot=lot,
                expiry=expiry,
                days=days_left(expiry, today) if today else None,
                serial=captured.serial if captured is not None else None,
                source=scanned.get("source"),
            )
        )

    def _expiry(self, line: dict[str, Any], lot: str | None) -> str | None:
        """A lot's expiry: from its scan, or from the lot the order suggested."""
        if not lot:
            return None
        suggested = line.get("suggested") or {}
        if suggested.get("lot") == lot and suggested.get("expiry"):
            return str(suggested["expiry"])
        return self.memory.expiry_of(lot)

    def _phase(self, phase: str) -> str:
        names = {
            "picking": self.tr("Picking"),
            "short_reason": self.tr("Short lines: reason"),
            "handover": self.tr("Locked: waiting for the checker"),
            "checking": self.tr("Checking (blind)"),
        }
        return names.get(phase, phase)

    def _hint(self, state: dict[str, Any]) -> str:
        awaiting = state.get("awaiting")
        hints = {
            "location": self.tr("Scan the location."),
            "item": self.tr("Scan the item (or its GS1 label with the lot)."),
            "lot": self.tr("Scan the lot."),
            "short_reason": self.tr("Choose why the line is short."),
            "checker_badge": self.tr("Checker: scan your badge. The picker may not check."),
            "checker_pin": self.tr("Checker: enter your PIN."),
            "check_item": self.tr("Scan every item again, then DONE."),
        }
        text = hints.get(str(awaiting), "")
        if state.get("blind"):
            text += "  " + self.tr("The picker's quantities stay hidden until the check is done.")
        return text

    def _show_orders(self, state: dict[str, Any]) -> None:
        self.header.setText(self.tr("Choose an issue order"))
        self.people.setText("")
        self.hint.setText(self.tr("Type its number, or scan the order reference."))
        orders = list(state.get("orders") or [])
        self.table.clear()
        self.table.setColumnCount(2)
        self.table.setHorizontalHeaderLabels(["#", self.tr("Order")])
        self.table.setRowCount(len(orders))
        for row, reference in enumerate(orders):
            self.table.setItem(row, 0, QTableWidgetItem(str(row + 1)))
            self.table.setItem(row, 1, QTableWidgetItem(reference))

    def _columns(self, phase: str) -> list[tuple[str, str]]:
        columns = [
            ("line", self.tr("Line")),
            ("sku", self.tr("SKU")),
            ("name", self.tr("Item")),
            ("ordered", self.tr("Ordered")),
            ("take", self.tr("Take")),
            ("picked", self.tr("Picked")),
            ("lot", self.tr("Lot")),
            ("expiry", self.tr("Expiry")),
            ("location", self.tr("From")),
        ]
        if phase == "checking":
            columns += [("checked", self.tr("Counted")), ("check_lot", self.tr("Lot counted"))]
        return columns + [("status", self.tr("Status"))]

    def _show_lines(self, state: dict[str, Any]) -> None:
        phase = str(state.get("phase"))
        columns = self._columns(phase)
        lines = list(state.get("lines") or [])
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels([title for _, title in columns])
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for col, (key, _) in enumerate(columns):  # the item's name gives way, nothing scrolls
            mode = (
                QHeaderView.ResizeMode.Stretch
                if key == "name"
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(col, mode)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for col, (key, _) in enumerate(columns):
                cell = QTableWidgetItem(self._cell(line, key))
                if key in ("ordered", "picked", "checked", "line"):
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                colour = self._row_colour(line, state)
                if colour is not None:
                    cell.setBackground(QBrush(colour))
                if line.get("line") == state.get("current_line"):
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, col, cell)

    @staticmethod
    def _row_colour(line: dict[str, Any], state: dict[str, Any]) -> QColor | None:
        if line.get("status") == "checked":
            return CHECKED
        if line.get("returned"):
            return RETURNED
        if line.get("line") == state.get("current_line"):
            return CURRENT
        return None

    def _cell(self, line: dict[str, Any], key: str) -> str:
        if key == "take":
            if "suggested" not in line:
                return HIDDEN  # blind: the check does not lean on the suggestion
            take = line.get("suggested") or {}
            if not take:
                return line.get("order_lot") or ""
            where = take.get("location") or ""
            return f"{take.get('lot') or '-'} @ {where}"
        if key in ("picked", "lot", "location") and key not in line:
            return HIDDEN  # blind: the state does not carry the picker's version
        if key == "expiry":
            if "lot" not in line:
                return HIDDEN
            return self._expiry(line, line.get("lot")) or ""
        if key == "status":
            return self._status(line)
        value = line.get(key)
        return "" if value is None else str(value)

    def _status(self, line: dict[str, Any]) -> str:
        if line.get("status") == "checked":
            return self.tr("checked")
        returned = line.get("returned")
        if returned:
            picked, checked = returned["picked"], returned["checked"]
            return self.tr("back: picked") + (
                f" {picked['qty']} {picked.get('lot') or ''} / "
                + self.tr("counted")
                + f" {checked['qty']} {checked.get('lot') or ''}"
            )
        if line.get("short_reason"):
            return self.tr("short") + f": {line['short_reason']}"
        return ""


PANELS = {"issuing": IssuingPanel}
