# SPDX-License-Identifier: Apache-2.0
"""A word-wrapped label that always gets the height its text needs at its current width.

Qt lays a word-wrapped :class:`QLabel` out by a size hint taken at a guessed width, so in a
column that is narrower than the guess (a keypad beside it, 1024 pixels wide) the second line
is cut off. :class:`WrapLabel` asks for the height of its text at the width it really has each
time the text or the width changes. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setMinimumWidth(1)  # never widens the window: the text wraps instead

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _text_height(self, width: int) -> int:
        """The height of the text wrapped at ``width``, with the label's margins and frame."""
        self.ensurePolished()  # the style sheet's font
        margins = self.contentsMargins()
        inner = max(width - margins.left() - margins.right() - 2 * self.margin(), 1)
        box = self.fontMetrics().boundingRect(
            QRect(0, 0, inner, 100_000),
            int(Qt.TextFlag.TextWordWrap | self.alignment()),
            self.text(),
        )
        return box.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def _fit(self) -> None:
        width = self.width()
        if width <= 1:
            return
        needed = self._text_height(width) if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)
