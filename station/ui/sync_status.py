# SPDX-License-Identifier: Apache-2.0
"""The status bar's sync field: online/offline, last sync, events waiting, clock skew.

:class:`SyncStatusLabel` renders a :class:`sync.protocol.SyncResult` (plain data) and never
touches the store. Results arrive from the sync thread; :class:`SyncStatusBridge` carries them
to the GUI thread through a queued signal (call :meth:`SyncStatusBridge.deliver` from any
thread, e.g. as ``SyncService(on_result=bridge.deliver)``).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from sync.protocol import SyncResult


class SyncStatusBridge(QObject):
    """Hands results from the sync thread to the GUI thread."""

    result_ready = Signal(object)

    def deliver(self, result: SyncResult) -> None:
        self.result_ready.emit(result)


class SyncStatusLabel(QLabel):
    """``Online · last sync 09:31 · 0 waiting`` or ``Offline · 12 waiting · central cannot be
    reached``; warnings (clock skew, alarms) are appended and the tooltip holds the details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_ok: datetime | None = None
        self.setObjectName("syncStatus")
        self.setText(self.tr("Sync: not yet"))

    def show_result(self, result: SyncResult) -> None:
        if result.ok and result.finished_at is not None:
            self._last_ok = result.finished_at
        parts = [self.tr("Online") if result.ok else self.tr("Offline")]
        if self._last_ok is not None:
            parts.append(self.tr("last sync %1").replace("%1", self._last_ok.strftime("%H:%M")))
        parts.append(self.tr("%1 waiting").replace("%1", str(result.waiting)))
        if result.skew_too_large and result.clock_skew_seconds is not None:
            parts.append(
                self.tr("clock off by %1 s").replace("%1", f"{result.clock_skew_seconds:+.0f}")
            )
        if result.alarms:
            parts.append(self.tr("%1 alarms").replace("%1", str(len(result.alarms))))
        self.setText(" · ".join(parts))
        self.setToolTip(result.error or ", ".join(sorted(set(result.alarms))))
        self.setStyleSheet("" if result.ok and not result.alarms else "color: #b00020;")
