# SPDX-License-Identifier: Apache-2.0
"""The status bar's sync field: online/offline, last sync, events waiting, clock skew.

:class:`SyncStatusLabel` renders a :class:`sync.protocol.SyncResult` (plain data) and never
touches the store. Results arrive from the sync thread; :class:`SyncStatusBridge` carries them
to the GUI thread through a queued signal (call :meth:`SyncStatusBridge.deliver` from any
thread, e.g. as ``SyncService(on_result=bridge.deliver)``).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from sync.protocol import SyncResult

from .local_time import shown_time

ALARM_SENTENCES = {
    "store.copied_back": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "This station's database was copied back over a newer copy: its events were sent again and the other copy's movements pulled in. Check stock for work done twice.",
    ),
    "store.restored": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Central holds events this station's database lacks: it was restored from a backup.",
    ),
    "sync.refused": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Central refused an event as malformed: it is kept, parked for a supervisor.",
    ),
    "sync.clash": QT_TRANSLATE_NOOP(
        "SyncStatusLabel", "Central holds an event's key under another event: it is parked."
    ),
    "sync.bad_event": QT_TRANSLATE_NOOP(
        "SyncStatusLabel", "An event from central could not be applied: it is parked."
    ),
    "audit.rewritten": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "The audit log was rewritten: central raised an alarm. Call a supervisor.",
    ),
    "audit.shorter": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Audit log entries were removed: central raised an alarm. Call a supervisor.",
    ),
    "audit.not_resealed": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "The audit log does not verify, so its anchor was not sealed again. Run station verify and call a supervisor.",
    ),
    "central.restored": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Central was restored from a backup: this station pulled everything again.",
    ),
    "central.behind": QT_TRANSLATE_NOOP(
        "SyncStatusLabel", "Central lost events of this station: they were sent again."
    ),
    "sync.clock_skew": QT_TRANSLATE_NOOP(
        "SyncStatusLabel", "This station's clock differs from central's by more than a minute."
    ),
    "sync.pin_refused": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Central refused a PIN chosen at this station: that badge gets central's PIN with the next sync.",
    ),
    "sync.unknown_item": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Another station moved an item this station does not know: it was added as inactive. Check the item list.",
    ),
    "sync.unknown_location": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Another station used a location this station does not know: it was added as inactive. Check the locations.",
    ),
    "sync.lot_expiry": QT_TRANSLATE_NOOP(
        "SyncStatusLabel",
        "Another station gave a lot a different expiry date: this station keeps its own. Check the lot's label.",
    ),
}
"""Each alarm kind as a sentence for the window (translated in the ``SyncStatusLabel``
context); an unknown kind reads as :data:`OTHER_ALARM`."""
OTHER_ALARM = QT_TRANSLATE_NOOP("SyncStatusLabel", "An alarm needs a supervisor: see station sync.")


def alarm_sentence(kind: str) -> str:
    """The translated sentence the window shows for an alarm kind."""
    return QCoreApplication.translate(
        "SyncStatusLabel", str(ALARM_SENTENCES.get(kind, OTHER_ALARM))
    )


class SyncStatusBridge(QObject):
    """Hands results from the sync thread to the GUI thread."""

    result_ready = Signal(object)

    def deliver(self, result: SyncResult) -> None:
        self.result_ready.emit(result)


class SyncStatusLabel(QLabel):
    """``Online · last sync 09:31 · 0 waiting`` or ``Offline · 12 waiting · central cannot be
    reached``; warnings (clock skew, alarms) are appended and the tooltip holds the details."""

    def __init__(self, parent: QWidget | None = None, zone: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.zone = zone  # the station's time zone: the sync keeps its times in UTC
        self._last_ok: datetime | None = None
        self.setObjectName("syncStatus")
        self.setText(self.tr("Sync: not yet"))

    def show_result(self, result: SyncResult) -> None:
        if result.ok and result.finished_at is not None:
            self._last_ok = result.finished_at
        parts = [self.tr("Online") if result.ok else self.tr("Offline")]
        if self._last_ok is not None:
            parts.append(
                self.tr("last sync %1").replace("%1", shown_time(self._last_ok, self.zone))
            )
        parts.append(self.tr("%1 waiting").replace("%1", str(result.waiting)))
        if result.parked_open:
            parts.append(self.tr("%1 parked").replace("%1", str(result.parked_open)))
        if result.skew_too_large and result.clock_skew_seconds is not None:
            parts.append(
                self.tr("clock off by %1 s").replace("%1", f"{result.clock_skew_seconds:+.0f}")
            )
        if result.alarms:
            parts.append(self.tr("%1 alarms").replace("%1", str(len(result.alarms))))
        self.setText(" · ".join(parts))
        sentences = [alarm_sentence(kind) for kind in dict.fromkeys(result.alarms)]
        self.setToolTip("\n".join(([result.error] if result.error else []) + sentences))
        trouble = not result.ok or result.alarms or result.parked_open
        self.setStyleSheet("color: #b00020;" if trouble else "")
