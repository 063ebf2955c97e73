# SPDX-License-Identifier: Apache-2.0
"""The only place where device events become Qt signals.

Each device URL gets a plain Python thread that blocks on ``reader.read_event`` and emits
``scanned`` (queued to the GUI thread). Drivers know nothing of Qt.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceError, Reader, ScanEvent
from drivers.registry import reader_for_url


class DeviceBridge(QObject):
    scanned = Signal(object)  # drivers.base.ScanEvent
    rfid_round = Signal(object)  # drivers.rfid_rounds.ReadRound, one per finished read round
    status_changed = Signal(str, str)  # url, human text
    opened = Signal(str, object)  # url, the reader (for a camera's live preview)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._readers: dict[str, Reader] = {}

    def open(self, url: str) -> None:
        thread = threading.Thread(target=self._pump, args=(url,), name=f"device {url}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _pump(self, url: str) -> None:
        try:
            reader = reader_for_url(url)
        except DeviceError as exc:
            self.status_changed.emit(url, str(exc))
            return
        self._readers[url] = reader
        self.opened.emit(url, reader)
        self.status_changed.emit(url, "connected")
        last = ""
        rounds = getattr(reader, "read_round", None) if reader.kind == "rfid" else None
        while not self._stop.is_set():
            if rounds is not None:
                finished = rounds(0.2)
                if finished is not None:
                    self.rfid_round.emit(finished)
                event: ScanEvent | None = None
            else:
                event = reader.read_event(timeout=0.2)
            status = reader.status()
            text = status.state.value if hasattr(status.state, "value") else str(status.state)
            if text != last:
                last = text
                self.status_changed.emit(url, text)
            if event is not None:
                self.scanned.emit(event)
        reader.close()

    def urls(self) -> list[str]:
        return list(self._readers)

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
