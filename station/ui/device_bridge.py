# SPDX-License-Identifier: Apache-2.0
"""The only place where device events become Qt signals.

The readers themselves belong to :class:`drivers.device_manager.DeviceManager` (one worker
thread per device, retried until it opens, picked up when it matches a watched pattern);
this bridge re-emits its callbacks as signals, which Qt queues to the GUI thread. Drivers
know nothing of Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceStatus, Reader
from drivers.device_manager import DeviceManager, ManagerCallbacks


class DeviceBridge(QObject):
    scanned = Signal(object)  # drivers.base.ScanEvent
    rfid_round = Signal(object)  # drivers.rfid_rounds.ReadRound, one per finished read round
    status_changed = Signal(str, str)  # url, state: connected / disconnected / error / closed
    status_detail = Signal(str, object)  # url, drivers.base.DeviceStatus
    opened = Signal(str, object)  # url, the reader (for a camera's live preview)

    def __init__(self, parent: QObject | None = None, *, manager: DeviceManager | None = None):
        super().__init__(parent)
        self.manager = manager or DeviceManager()
        self.manager.callbacks = ManagerCallbacks(
            on_event=self.scanned.emit,
            on_round=self.rfid_round.emit,
            on_status=self._status,
            on_opened=self._opened,
        )

    def _status(self, url: str, status: DeviceStatus) -> None:
        self.status_changed.emit(url, status.state.value)
        self.status_detail.emit(url, status)

    def _opened(self, url: str, reader: Reader) -> None:
        self.opened.emit(url, reader)

    def open(self, url: str) -> None:
        """Manage ``url``: open it now or as soon as it appears."""
        self.manager.add(url)

    def watch(self, pattern: str) -> None:
        """Pick up devices matching ``pattern`` whenever they are plugged in."""
        self.manager.watch(pattern)

    def urls(self) -> list[str]:
        return self.manager.urls()

    def close(self) -> None:
        self.manager.stop()
