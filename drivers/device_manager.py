# SPDX-License-Identifier: Apache-2.0
"""The device manager: keeps configured readers open and picks up new ones as they appear.

After Electrum's DeviceMgr. :class:`DeviceManager` owns every reader of a station:

- each configured URL gets one worker thread that opens it with
  :func:`drivers.registry.reader_for_url`, retrying with capped exponential back-off until it
  opens (a scanner plugged in after the station started is read as soon as it is there);
- once open, the worker forwards every :class:`~drivers.base.ScanEvent` (or RFID read round)
  and every change of :meth:`~drivers.base.Reader.status`; unplug and replug are handled by
  the drivers themselves (they report ``disconnected`` and reconnect), a reader that closed
  for good is opened again from the start;
- with ``patterns`` (shell patterns such as ``serial:///dev/serial/by-id/*Honeywell*`` or
  ``evdev:///dev/input/by-id/*kbd*``), a discovery thread polls
  :func:`drivers.discovery.list_devices` every ``poll_s`` seconds and manages each newly
  listed device whose URL or label matches, like a configured URL.

Callbacks run on the worker threads; they must be quick and thread-safe (the Qt bridge
re-emits them as queued signals). Contracts: no method raises for a device problem (the
problem becomes a status); :meth:`stop` closes every reader and joins every thread.
"""

from __future__ import annotations

import fnmatch
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from drivers.base import DeviceError, DeviceState, DeviceStatus, Reader, ScanEvent
from drivers.discovery import DeviceInfo, list_devices
from drivers.registry import reader_for_url

__all__ = ["DeviceManager", "ManagerCallbacks"]

log = logging.getLogger(__name__)

_PUMP_S = 0.2


def _ignore(*_args: object) -> None:
    return None


@dataclass
class ManagerCallbacks:
    """Where the manager reports; every callback is optional."""

    on_event: Callable[[ScanEvent], None] = _ignore
    on_round: Callable[[object], None] = _ignore
    on_status: Callable[[str, DeviceStatus], None] = _ignore
    on_opened: Callable[[str, Reader], None] = _ignore


@dataclass
class _Managed:
    url: str
    thread: threading.Thread
    reader: Reader | None = None
    status: DeviceStatus = field(default_factory=lambda: DeviceStatus(DeviceState.DISCONNECTED))


class DeviceManager:
    """Open, watch and reopen the station's readers (see the module docstring)."""

    def __init__(
        self,
        callbacks: ManagerCallbacks | None = None,
        *,
        patterns: Sequence[str] = (),
        retry_s: float = 0.25,
        retry_max_s: float = 5.0,
        poll_s: float = 1.5,
        opener: Callable[[str], Reader] = reader_for_url,
        enumerate_devices: Callable[[], Iterable[DeviceInfo]] = list_devices,
    ) -> None:
        self.callbacks = callbacks or ManagerCallbacks()
        self.patterns = list(patterns)
        self.retry_s = retry_s
        self.retry_max_s = retry_max_s
        self.poll_s = poll_s
        self._open = opener
        self._enumerate = enumerate_devices
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._devices: dict[str, _Managed] = {}
        self._discovery: threading.Thread | None = None

    # -- public --------------------------------------------------------------------------

    def add(self, url: str) -> None:
        """Manage ``url`` from now on (again adding a managed URL does nothing)."""
        with self._lock:
            if url in self._devices or self._stop.is_set():
                return
            thread = threading.Thread(target=self._work, args=(url,), name=f"device {url}")
            thread.daemon = True
            self._devices[url] = _Managed(url, thread)
        thread.start()

    def watch(self, pattern: str) -> None:
        """Pick up devices whose URL or label matches the shell pattern ``pattern``."""
        with self._lock:
            self.patterns.append(pattern)
            start = self._discovery is None and not self._stop.is_set()
            if start:
                self._discovery = threading.Thread(
                    target=self._discover, name="device discovery", daemon=True
                )
        if start and self._discovery is not None:
            self._discovery.start()

    def urls(self) -> list[str]:
        """Every managed URL, in the order it was added."""
        with self._lock:
            return list(self._devices)

    def statuses(self) -> dict[str, DeviceStatus]:
        """The last status of every managed URL."""
        with self._lock:
            return {url: managed.status for url, managed in self._devices.items()}

    def stop(self) -> None:
        """Close every reader and join the threads (each within about 2 s)."""
        self._stop.set()
        with self._lock:
            managed = list(self._devices.values())
            discovery = self._discovery
        for item in managed:
            item.thread.join(timeout=2.0)
        if discovery is not None:
            discovery.join(timeout=2.0)

    # -- workers -------------------------------------------------------------------------

    def _report(self, url: str, status: DeviceStatus) -> None:
        with self._lock:
            managed = self._devices.get(url)
            if managed is None or managed.status == status:
                return
            managed.status = status
        self.callbacks.on_status(url, status)

    def _open_with_retry(self, url: str) -> Reader | None:
        delay = self.retry_s
        attempts = 0
        while not self._stop.is_set():
            attempts += 1
            try:
                return self._open(url)
            except DeviceError as exc:
                message = f"{exc}; attempt {attempts}, trying again in {delay:.1f} s"
                self._report(url, DeviceStatus(DeviceState.DISCONNECTED, message))
            except Exception as exc:  # a driver bug must not kill the worker
                log.exception("%s: opening failed", url)
                message = f"{exc}; attempt {attempts}, trying again in {delay:.1f} s"
                self._report(url, DeviceStatus(DeviceState.ERROR, message))
            if self._stop.wait(delay):
                return None
            delay = min(delay * 2, self.retry_max_s)
        return None

    def _work(self, url: str) -> None:
        while not self._stop.is_set():
            reader = self._open_with_retry(url)
            if reader is None:
                return
            with self._lock:
                self._devices[url].reader = reader
            self.callbacks.on_opened(url, reader)
            try:
                self._pump(url, reader)
            finally:
                reader.close()
            if self._stop.wait(self.retry_s):  # ended by itself: pause before reopening
                return

    def _pump(self, url: str, reader: Reader) -> None:
        rounds = getattr(reader, "read_round", None) if reader.kind == "rfid" else None
        while not self._stop.is_set():
            if rounds is not None:
                finished = rounds(_PUMP_S)
                if finished is not None:
                    self.callbacks.on_round(finished)
                event: ScanEvent | None = None
            else:
                event = reader.read_event(timeout=_PUMP_S)
            status = reader.status()
            self._report(url, status)
            if event is not None:
                self.callbacks.on_event(event)
            if status.state is DeviceState.CLOSED:
                return  # the reader ended for good: open it again from the start

    def _matches(self, info: DeviceInfo) -> bool:
        return bool(info.url) and any(
            fnmatch.fnmatchcase(info.url, p) or fnmatch.fnmatchcase(info.label, p)
            for p in self.patterns
        )

    def _discover(self) -> None:
        while not self._stop.is_set():
            try:
                found = list(self._enumerate())
            except Exception:  # enumerators never raise, but discovery must outlive a bug
                log.exception("device discovery failed")
                found = []
            for info in found:
                if self._matches(info):
                    self.add(info.url)
            self._stop.wait(self.poll_s)
