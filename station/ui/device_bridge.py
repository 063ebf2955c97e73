# SPDX-License-Identifier: Apache-2.0
"""The only place where device events become Qt signals.

The readers themselves belong to :class:`drivers.device_manager.DeviceManager` (one worker
thread per device, retried until it opens, picked up when it matches a watched pattern);
this bridge re-emits its callbacks as signals, which Qt queues to the GUI thread. Drivers
know nothing of Qt. A station with no device to open or watch (a wedge scanner needs none)
never loads the manager: it is built at the first :meth:`DeviceBridge.open` or ``watch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from drivers.base import DeviceStatus, Reader
    from drivers.device_manager import DeviceManager


class DeviceBridge(QObject):
    scanned = Signal(object)  # drivers.base.ScanEvent
    rfid_round = Signal(object)  # drivers.rfid_rounds.ReadRound, one per finished read round
    status_changed = Signal(str, str)  # url, state: connected / disconnected / error / closed
    status_detail = Signal(str, object)  # url, drivers.base.DeviceStatus
    opened = Signal(str, object)  # url, the reader (for a camera's live preview)

    def __init__(self, parent: QObject | None = None, *, manager: DeviceManager | None = None):
        super().__init__(parent)
        self._manager = manager
        if manager is not None:
            self._connect(manager)

    @property
    def manager(self) -> DeviceManager:
        if self._manager is None:
            from drivers.device_manager import DeviceManager

            self._manager = self._connect(DeviceManager())
        return self._manager

    def _connect(self, manager: DeviceManager) -> DeviceManager:
        from drivers.device_manager import ManagerCallbacks

        manager.callbacks = ManagerCallbacks(
            on_event=self.scanned.emit,
            on_round=self.rfid_round.emit,
            on_status=self._status,
            on_opened=self._opened,
        )
        return manager

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
        return [] if self._manager is None else self._manager.urls()

    def close(self) -> None:
        if self._manager is not None:
            self._manager.stop()
