# SPDX-License-Identifier: Apache-2.0
"""The receiving screen: the receipt's lines with their progress and the last scan, large.

Renders the ``receive`` workflow's state object (docs/workflows/receiving.md) and nothing
else; it never reads the store. Status is never colour alone: every line and the last scan
say OPEN / SHORT / COMPLETE / OVER / QUARANTINE in words. Keyboard-only use is the scan
screen's entry line (scans, ``@qty``, numbers for choices, Esc to leave).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.core.engine.inputs import Outcome

from ..wrap_label import WrapLabel
from .captured import CapturedLabel, captured_text

STATUS_COLOURS = {
    "open": "#ffffff",
    "short": "#fff3cd",
    "complete": "#d4edda",
    "over": "#f8d7da",
    "blind": "#dbe9f6",
    "quarantine": "#f8d7da",
}


class ReceivingPanel(QWidget):
    """Header (receipt, supplier, location), last scan, progress, lines, quarantine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivingPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = WrapLabel("")
        self.header.setObjectName("receiptHeader")
        self.header.setWordWrap(True)  # a long supplier never widens the window
        self.last_scan = WrapLabel("")
        self.last_scan.setObjectName("lastScan")
        self.last_scan.setMinimumHeight(96)  # two lines of 20 pt: what, then how many
        self.last_scan.setWordWrap(True)
        self.last_scan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.captured = CapturedLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("receiptProgress")
        self.progress.setTextVisible(True)
        self.counts = WrapLabel("")
        self.counts.setObjectName("receiptCounts")
        self.counts.setWordWrap(True)
        self.lines = QTableWidget(0, 6)
        self.lines.setObjectName("receiptLines")
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("SKU"),
                self.tr("Item"),
                self.tr("Expected"),
                self.tr("Received"),
                self.tr("Status"),
            ]
        )
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().setVisible(False)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.quarantine = WrapLabel("")
        self.quarantine.setObjectName("quarantineList")
        self.quarantine.setWordWrap(True)
        for widget in (self.header, self.last_scan, self.captured, self.progress, self.counts):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.quarantine)
        self.setStyleSheet(
            "#receiptHeader { font-size: 14pt; font-weight: bold; }"
            "#lastScan { font-size: 20pt; font-weight: bold; padding: 4px;"
            " border: 2px solid #555; border-radius: 6px; }"
            "#receiptCounts, #quarantineList { font-size: 12pt; }"
            "#receiptLines { font-size: 13pt; }"
        )

    # -- rendering ----------------------------------------------------------------------------
    def show_outcome(self, outcome: Outcome) -> None:
        state = outcome.state
        stage = state.get("stage")
        if stage in ("choose", "blind_supplier", "blind_reference") or "summary" not in state:
            self._show_start(state)
            return
        self._show_header(state)
        self._show_last(state)
        self._show_counts(state)
        self._fill_lines(state.get("lines") or [], state.get("lines_total") or 0)
        self._show_quarantine(state.get("quarantine") or [], state.get("flagged") or [])

    def _show_start(self, state: dict[str, Any]) -> None:
        supplier = state.get("supplier")
        self.header.setText(
            self.tr("Receiving")
            + (f" — {self.tr('blind receipt from')} {supplier}" if supplier else "")
        )
        self.last_scan.setText(self.tr("Scan the receipt reference"))
        self.last_scan.setStyleSheet("")
        self.captured.show_text("")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.counts.setText("")
        self.lines.setRowCount(0)
        self.quarantine.setText("")

    def _show_header(self, state: dict[str, Any]) -> None:
        parts = [f"{state.get('reference')} — {state.get('supplier')}"]
        if state.get("blind"):
            parts.append(self.tr("BLIND: for review"))
        location = state.get("location")
        parts.append(
            self.tr("Put away to") + f" {location}" if location else self.tr("No location yet")
        )
        if state.get("next_qty"):
            parts.append(self.tr("Next scan counts") + f" {state['next_qty']}")
        if state.get("stage") == "done":
            parts.append(self.tr("POSTED"))
        self.header.setText("  ·  ".join(parts))

    def _captured(self, last: dict[str, Any]) -> str:
        """What the scan carried: lot, expiry with the days left, where the quantity came from."""
        return captured_text(
            lot=last.get("lot"),
            expiry=last.get("expiry"),
            days=last.get("days_left"),
            serial=last.get("serial"),
            source=str(last.get("qty_source") or ""),
        )

    def _show_last(self, state: dict[str, Any]) -> None:
        pending = state.get("pending_over")
        last = state.get("last")
        if pending:
            text = f"{pending['sku']}: {pending['would_be']} / {pending['expected']}  " + self.tr(
                "OVER — supervisor approval needed"
            )
            colour = STATUS_COLOURS["over"]
        elif last:
            status = str(last.get("status") or "")
            word = self.tr(status.upper())
            if last.get("quarantine"):
                what = last.get("sku") or self.tr("unknown GTIN")
                text = f"{what} +{last['qty']}  →  {word}"
            else:
                got = last.get("received")
                expected = last.get("expected")
                amount = f"{got} / {expected}" if expected is not None else f"{got}"
                text = (
                    f"+{last['qty']}  {last['sku']} {last['name']}\n{amount} {last['unit']}  {word}"
                )
                if last.get("flag"):
                    text += "  ⚑ " + self.tr(str(last["flag"]).replace("_", " ").upper())
            colour = STATUS_COLOURS.get(status, "#ffffff")
        else:
            text = self.tr("Scan the items")
            colour = "#ffffff"
        self.last_scan.setText(text)
        self.last_scan.setStyleSheet(f"background: {colour};")
        self.captured.show_text(self._captured(last) if last and not pending else "")

    def _show_counts(self, state: dict[str, Any]) -> None:
        s = state["summary"]
        total = int(s.get("lines") or 0)
        done = int(s.get("complete", 0)) + int(s.get("over", 0)) + int(s.get("blind", 0))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total} " + self.tr("lines received"))
        self.counts.setText(
            "  ".join(
                [
                    self.tr("Open") + f" {s.get('open', 0)}",
                    self.tr("Short") + f" {s.get('short', 0)}",
                    self.tr("Complete") + f" {s.get('complete', 0)}",
                    self.tr("Over") + f" {s.get('over', 0)}",
                    self.tr("Quarantined") + f" {s.get('quarantined', 0)}",
                    self.tr("Flagged") + f" {s.get('flagged', 0)}",
                    self.tr("Scans") + f" {s.get('scans', 0)}",
                ]
            )
        )

    def _fill_lines(self, lines: list[dict[str, Any]], total: int) -> None:
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            status = str(line.get("status") or "")
            cells = [
                str(line.get("line")),
                str(line.get("sku")),
                str(line.get("name")),
                "" if line.get("expected") is None else str(line["expected"]),
                str(line.get("received")),
                self.tr(status.upper()),
            ]
            colour = QColor(STATUS_COLOURS.get(status, "#ffffff"))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setBackground(colour)
                if col in (0, 3, 4):
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.lines.setItem(row, col, cell)
        if total > len(lines):
            self.lines.setToolTip(self.tr("Showing") + f" {len(lines)} / {total}")

    def _show_quarantine(
        self, quarantine: list[dict[str, Any]], flagged: list[dict[str, Any]]
    ) -> None:
        parts = []
        for n, q in enumerate(quarantine, start=1):
            what = q.get("sku") or q.get("gtin") or q.get("text")
            parts.append(
                f"Q{n} {what} ×{q.get('qty')} ({self.tr(str(q.get('reason')).replace('_', ' '))})"
            )
        for f in flagged:
            parts.append(
                f"⚑ {f.get('sku')} {self.tr('lot')} {f.get('lot')}: {self.tr(str(f.get('flag')).replace('_', ' '))}"
            )
        self.quarantine.setText(
            self.tr("Quarantine / flagged") + ": " + "; ".join(parts) if parts else ""
        )


PANELS = {"receive": ReceivingPanel}
