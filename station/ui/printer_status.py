# SPDX-License-Identifier: Apache-2.0
"""The label printer in the status bar: none set up / ready / failing, the queue length and
the printed labels waiting to be scanned back (print and verify).

:class:`PrinterBridge` hands the print queue's ``on_change(states)`` (called on the queue's
own thread) to the GUI thread as a queued Qt signal; :class:`PrinterStatusButton` shows the
states and, when clicked, asks for the job list. The button never takes the focus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget


class PrinterBridge(QObject):
    """``report(states)`` may be called on any thread; ``changed`` fires on the GUI thread."""

    changed = Signal(object)

    def report(self, states: list[Any]) -> None:
        self.changed.emit(list(states))


class PrinterStatusButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerStatus")
        self.setFlat(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state = "none"
        self.to_read_back = 0
        """Printed labels waiting to be scanned back, as last shown."""
        self.show_states([], configured=False)

    def show_states(self, states: list[Any], *, configured: bool) -> None:
        """``states``: :class:`station.core.label_printing.queue.PrinterState` objects."""
        waiting = sum(int(s.pending) for s in states)
        back = sum(int(getattr(s, "to_read_back", 0)) for s in states)
        self.to_read_back = back
        failing = [s for s in states if s.online is False]
        if failing:
            self.state = "failing"
            text = self.tr("Printer: failing, {count} waiting")
            if back:
                text = self.tr("Printer: failing, {count} waiting, {back} to scan back")
            style = "color: white; background: #b00020; font-weight: bold; padding: 0 6px;"
            tip = "\n".join(f"{s.url}: {s.last_error}" for s in failing)
        elif not configured and not states:
            self.state = "none"
            text = self.tr("Printer: none set up")
            style = "color: #8a6d00;"
            tip = self.tr("No label printer is set up: labels cannot be printed.")
        else:
            self.state = "ready"
            text = self.tr("Printer: ready")
            if waiting and back:
                text = self.tr("Printer: ready, {count} waiting, {back} to scan back")
            elif waiting:
                text = self.tr("Printer: ready, {count} waiting")
            elif back:
                text = self.tr("Printer: ready, {back} to scan back")
            style = "color: #1d4e89; font-weight: bold;" if back else ""
            tip = "\n".join(s.url for s in states)
        if back:
            tip += "\n" + self.tr(
                "{back} printed label(s) wait to be scanned back: scan them at the station."
            ).format(back=back)
        self.setText(text.format(count=waiting, back=back))
        self.setStyleSheet(style)
        self.setToolTip(tip + "\n" + self.tr("Click for the job list (F6)."))
