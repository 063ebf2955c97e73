# SPDX-License-Identifier: Apache-2.0
"""What every serial device driver keeps the same: its port, its status and its refusals.

:class:`SerialLinkMixin` is shared by the barcode scanner (``drivers.barcode_serial``) and
the RFID readers (``drivers.rfid_reader``). The class using it sets ``url``, ``on_status``,
``on_reject``, ``_lock`` (a ``threading.Lock``), ``_port``, ``_status``, ``_rejects``,
``_reconnects``, ``_write_lock``, ``_stop`` (a ``threading.Event``), ``reconnect_s`` and
``reconnect_max_s`` in its ``__init__``, and gives ``_open_port``; reconnecting with capped
back-off (``_reconnect``) is shared, and ``_after_reconnect`` is where a driver adds its own. All methods are safe from any thread; callbacks run on
the caller's thread (the reader thread) and an exception in one is logged, never raised.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable

import serial

from drivers.base import DeviceError, DeviceState, DeviceStatus

log = logging.getLogger(__name__)


class SerialLinkMixin:
    url: str
    on_status: Callable[[DeviceStatus], None] | None
    on_reject: Callable[[str, bytes], None] | None
    _lock: threading.Lock
    _write_lock: threading.Lock
    _port: serial.SerialBase | None
    _status: DeviceStatus
    _rejects: int
    _reconnects: int
    _stop: threading.Event
    reconnect_s: float
    reconnect_max_s: float

    _thread: threading.Thread | None
    port_url: str
    thread_label = "serial"
    """The reader thread's name is this and the device URL."""

    def open(self) -> None:
        """Open the port on the caller's thread and start the reader thread (which sends a
        reader's setup, where it has one).

        Raises :class:`DeviceError` if the port cannot be opened now (no retry here: the
        device manager decides when to try again). Opening an open device does nothing.
        """
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
        port = self._open_port()
        with self._lock:
            self._port = port
            self._thread = threading.Thread(
                target=self._run, name=f"{self.thread_label} {self.url}", daemon=True
            )
        self._set_status(DeviceState.CONNECTED, f"connected to {self.port_url}")
        self._thread.start()

    def close(self) -> None:
        """Stop the reader thread (waits up to 2 s; it reports what it holds, such as an open
        RFID round) and close the port. Idempotent."""
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        self._close_port()
        self._set_status(DeviceState.CLOSED, "closed")

    def _run(self) -> None:
        raise NotImplementedError

    def is_connected(self) -> bool:
        """True while the port is open."""
        with self._lock:
            return self._port is not None

    def status(self) -> DeviceStatus:
        """The current state and message."""
        with self._lock:
            return self._status

    @property
    def reconnects(self) -> int:
        """How many times the device came back after being lost."""
        with self._lock:
            return self._reconnects

    @property
    def rejected(self) -> int:
        """How many pieces of input were rejected as garbage."""
        with self._lock:
            return self._rejects

    def write(self, data: bytes) -> None:
        """Send bytes to the device. Raises :class:`DeviceError` when not connected or the
        write fails."""
        with self._lock:
            port = self._port
        if port is None:
            raise DeviceError(f"{self.url}: not connected", url=self.url)
        try:
            with self._write_lock:
                port.write(data)
                port.flush()
        except Exception as exc:  # a port closed under us fails with various types
            raise DeviceError(f"{self.url}: write failed: {exc}", url=self.url) from exc

    def _close_port(self) -> None:
        with self._lock:
            port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except Exception:  # noqa: BLE001 - a dying port may fail in any way
                log.debug("closing %s failed", self.url, exc_info=True)

    def _set_status(self, state: DeviceState, message: str) -> None:
        status = DeviceStatus(state, message)
        with self._lock:
            if status == self._status:
                return
            self._status = status
        log.info("%s: %s (%s)", self.url, state.value, message)
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("%s: on_status callback failed", self.url)

    def _refuse(self, reason: str, raw: bytes) -> None:
        """Count, log and report bytes that will not become an event, with the reason."""
        with self._lock:
            self._rejects += 1
        log.warning("%s: rejected %r: %s", self.url, raw[:80], reason)
        if self.on_reject is not None:
            try:
                self.on_reject(reason, raw)
            except Exception:
                log.exception("%s: on_reject callback failed", self.url)

    def _reconnect(self) -> bool:
        """Reopen with capped exponential back-off; False when asked to stop first."""
        delay = self.reconnect_s
        attempts = 0
        while not self._stop.wait(delay):
            attempts += 1
            try:
                port = self._open_port()
            except DeviceError as exc:
                code = getattr(exc.__cause__, "errno", None)
                state = (
                    DeviceState.ERROR
                    if code in (errno.EACCES, errno.EPERM, errno.EBUSY)
                    else DeviceState.DISCONNECTED
                )
                delay = min(delay * 2, self.reconnect_max_s)
                self._set_status(
                    state, f"{exc}; attempt {attempts}, retrying in {delay * 1000:.0f} ms"
                )
                continue
            with self._lock:
                if self._stop.is_set():
                    port.close()
                    return False
                self._port = port
                self._reconnects += 1
            self._set_status(DeviceState.CONNECTED, f"reconnected after {attempts} attempt(s)")
            self._after_reconnect()
            return True
        return False

    def _after_reconnect(self) -> None:
        """What a driver does once the port is back (nothing, unless it overrides this)."""

    def _open_port(self) -> serial.SerialBase:
        raise NotImplementedError
