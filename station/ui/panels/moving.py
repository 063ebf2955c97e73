# SPDX-License-Identifier: Apache-2.0
"""The move screen: from where, what, how many, and the moves made so far.

Renders the ``move`` workflow's state object (docs/workflows/receiving.md) only.
"""

from __future__ import annotations

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


class MovePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("movePanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.current = WrapLabel("")
        self.current.setObjectName("moveCurrent")
        self.current.setWordWrap(True)
        self.current.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.moved = QTableWidget(0, 5)
        self.moved.setObjectName("movesMade")
        self.moved.setHorizontalHeaderLabels(
            [self.tr("SKU"), self.tr("Lot"), self.tr("Qty"), self.tr("From"), self.tr("To")]
        )
        self.moved.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.moved.verticalHeader().setVisible(False)
        self.moved.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.moved.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.current)
        layout.addWidget(self.moved, 1)
        self.setStyleSheet(
            "#moveCurrent { font-size: 24pt; font-weight: bold; padding: 6px;"
            " border: 2px solid #555; border-radius: 6px; }"
            "#movesMade { font-size: 13pt; }"
        )

    def show_outcome(self, outcome: Outcome) -> None:
        state = outcome.state
        parts = [self.tr("From") + f" {state.get('from') or '—'}"]
        item = state.get("item")
        if item and state.get("stage") in ("lot", "qty"):
            parts.append(f"{item['sku']} {item['name']}")
            if state.get("lot"):
                parts.append(self.tr("lot") + f" {state['lot']}")
            if state.get("available") is not None:
                parts.append(f"{state.get('qty')} / {state['available']} {item['unit']}")
            parts.append(self.tr("→ scan the target location"))
        self.current.setText("   ".join(parts))
        moved = state.get("moved") or []
        self.moved.setRowCount(len(moved))
        for row, move in enumerate(reversed(moved)):
            for col, key in enumerate(("sku", "lot", "qty", "from", "to")):
                self.moved.setItem(row, col, QTableWidgetItem(str(move.get(key) or "")))


PANELS = {"move": MovePanel}
