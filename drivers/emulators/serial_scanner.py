# SPDX-License-Identifier: Apache-2.0
"""An emulated serial barcode scanner on a pty pair or a TCP socket.

It writes frames the way a real scanner does, ``[prefix][AIM id]data[suffix]``, so that the
real driver (:mod:`drivers.barcode_serial`) reads it:

- ``transport="pty"``: an ``os.openpty()`` pair in raw mode; the driver opens the slave side,
  ``serial:///dev/pts/N`` (or a stable symlink given as ``link``, which survives replugging
  the way ``/dev/serial/by-id/...`` does; the pts number itself may change). POSIX only.
- ``transport="socket"``: a TCP server on 127.0.0.1; the driver connects with
  ``socket://127.0.0.1:PORT``. One client at a time; a new client replaces the old one.

Faults to inject: :meth:`~SerialScannerEmulator.inject_noise` (line noise),
:meth:`~SerialScannerEmulator.send_wrong_baud` (what a receiver set to another baud rate
really sees, NUL bytes for framing errors included), :meth:`~SerialScannerEmulator.unplug` and
:meth:`~SerialScannerEmulator.replug`.

Threads: writes (:meth:`~SerialScannerEmulator.scan` and friends) may come from any thread and
are serialised with :meth:`~SerialScannerEmulator.unplug` and
:meth:`~SerialScannerEmulator.replug`, so a scan is either wholly on the wire before an unplug
or not sent at all. The socket transport runs one accept thread. Writes raise ``TimeoutError`` if nobody
reads the pty for 2 s; they return ``False`` (nothing sent) while unplugged or, for a socket,
while no client is connected.

Run ``python -m drivers.emulators.serial_scanner`` for a demo scanner that scans a few codes.
"""

from __future__ import annotations

import logging
import os
import select
import socket
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType

from drivers.emulators import announce, pty_wire, withdraw

log = logging.getLogger(__name__)

SUFFIX_BYTES: dict[str, bytes] = {
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "etx": b"\x03",
    "none": b"",
}


def uart_resample(data: bytes, tx_baud: int, rx_baud: int, *, idle_bits: int = 2) -> bytes:
    """What a UART at ``rx_baud`` receives when ``data`` is sent 8N1 at ``tx_baud``.

    Pure and deterministic. The receiver waits for a falling edge, samples the middle of
    each bit at its own rate, and yields NUL for a frame whose stop bit reads 0 (a framing
    error, as a Linux tty reports it without PARMRK). ``idle_bits`` of idle line are sent
    between bytes.
    """
    bits: list[int] = [1] * idle_bits
    for byte in data:
        bits.append(0)
        bits.extend((byte >> i) & 1 for i in range(8))
        bits.append(1)
        bits.extend([1] * idle_bits)
    tx_bit = 1.0 / tx_baud
    rx_bit = 1.0 / rx_baud

    def level(t: float) -> int:
        index = int(t / tx_bit)
        return bits[index] if 0 <= index < len(bits) else 1

    out = bytearray()
    k = 1
    while k < len(bits):
        if not (bits[k] == 0 and bits[k - 1] == 1):
            k += 1
            continue
        start = k * tx_bit
        samples = [level(start + (i + 0.5) * rx_bit) for i in range(10)]
        end = start + 9.5 * rx_bit
        k = max(k + 1, int(end / tx_bit) + 1)
        if samples[0] != 0:
            continue  # glitch, not a start bit
        if samples[9] == 0:
            out.append(0)
            continue
        out.append(sum(bit << i for i, bit in enumerate(samples[1:9])))
    return bytes(out)


class SerialScannerEmulator:
    """A scanner that can be plugged, unplugged and fed faults; see the module docstring.

    ``suffix`` names the terminator (as the driver's ``suffix`` option); ``prefix`` is a user
    prefix put before every frame; ``aim`` is the AIM identifier sent when :meth:`scan` is not
    given one (``None``: send none). ``announce=True`` makes discovery list the emulator.
    """

    def __init__(
        self,
        *,
        transport: str = "pty",
        suffix: str = "cr",
        prefix: bytes = b"",
        aim: str | None = None,
        link: str | os.PathLike[str] | None = None,
        label: str = "serial barcode scanner emulator",
        announce: bool = True,
    ) -> None:
        if transport not in ("pty", "socket"):
            raise ValueError(f"transport must be 'pty' or 'socket', not {transport!r}")
        if suffix not in SUFFIX_BYTES:
            raise ValueError(f"suffix must be one of {', '.join(SUFFIX_BYTES)}")
        self.transport = transport
        self.suffix = suffix
        self.prefix = prefix
        self.aim = aim
        self.link = Path(link) if link is not None else None
        self.label = label
        self._announce = announce
        self._name = f"serial-scanner-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._master: int | None = None
        self._slave: int | None = None
        self.device_path: str | None = None
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._client_lock = threading.Lock()
        self._client_event = threading.Event()
        self._accept_thread: threading.Thread | None = None
        self._accept_stop = threading.Event()
        self.port: int = 0
        self.plugged = False
        self.frames_sent = 0
        self._last_write = 0.0
        self._wire = threading.RLock()  # one writer at a time; unplug waits for a write

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> SerialScannerEmulator:
        """Plug the scanner in (create the pty or start listening). Returns ``self``."""
        self.replug()
        return self

    def close(self) -> None:
        """Unplug without draining and remove the announcement. Idempotent."""
        with self._wire:
            self._unplug_now()
        if self._announce:
            withdraw(self._name)

    def __enter__(self) -> SerialScannerEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The device URL for the driver, without options (add ``?suffix=...`` as needed)."""
        if self.transport == "socket":
            return f"socket://127.0.0.1:{self.port}"
        path = str(self.link) if self.link is not None else self.device_path
        return f"serial://{path}"

    def replug(self) -> None:
        """Plug in again (a new pty, re-pointing ``link``; or listen on the same TCP port)."""
        with self._wire:
            self._plug()

    def _plug(self) -> None:
        if self.plugged:
            return
        if self.transport == "pty":
            self._open_pty()
        else:
            self._listen()
        self.plugged = True
        if self._announce:
            announce(
                self._name,
                {
                    "url": self.url,
                    "kind": "barcode",
                    "label": self.label,
                    "transport": self.transport,
                },
            )

    def unplug(self, drain_timeout: float = 2.0, *, mid_scan: bytes = b"") -> bool:
        """Pull the cable, after waiting up to ``drain_timeout`` s for the reader to take what
        was already sent (data on the wire is delivered, like a real cable). ``mid_scan``
        bytes are sent first, as the start of a scan cut off by the unplug. Atomic with
        respect to writes from other threads. Returns whether everything was drained; the
        driver then sees the device vanish.
        """
        with self._wire:
            if mid_scan:
                self.write_raw(mid_scan)
            drained = self.wait_drained(drain_timeout)
            self._unplug_now()
        return drained

    def wait_drained(self, timeout: float) -> bool:
        """Wait until the reader has read everything written to the pty (socket: always)."""
        return pty_wire.wait_drained(lambda: self._slave, lambda: self._last_write, timeout)

    def wait_client(self, timeout: float) -> bool:
        """Socket transport: wait until a reader has connected."""
        return self._client_event.wait(timeout)

    # -- sending ------------------------------------------------------------------------

    def frame(self, text: str, *, aim: str | None = None) -> bytes:
        """The bytes :meth:`scan` sends for ``text`` (GS as ``"\\x1d"``)."""
        ident = aim if aim is not None else (self.aim or "")
        return self.prefix + (ident + text).encode("utf-8") + SUFFIX_BYTES[self.suffix]

    def scan(self, text: str, *, aim: str | None = None) -> bool:
        """Send one framed scan; ``False`` if nothing could be sent (unplugged). Any thread."""
        with self._wire:
            sent = self.write_raw(self.frame(text, aim=aim))
            if sent:
                self.frames_sent += 1
        return sent

    def inject_noise(self, noise: bytes = b"\x07\x15\xfe", *, terminate: bool = True) -> bool:
        """Send line noise, followed by the suffix when ``terminate`` (so it forms a line)."""
        return self.write_raw(noise + (SUFFIX_BYTES[self.suffix] if terminate else b""))

    def send_wrong_baud(
        self, text: str, *, sender_baud: int = 19200, receiver_baud: int = 9600
    ) -> bool:
        """Send the framed scan as a receiver at another baud rate would see it."""
        return self.write_raw(uart_resample(self.frame(text), sender_baud, receiver_baud))

    def write_raw(self, data: bytes) -> bool:
        """Put bytes on the wire as they are; ``False`` if unplugged or no client."""
        with self._wire:
            if not self.plugged:
                return False
            if self.transport == "socket":
                return self._send_socket(data)
            return self._write_pty(data)

    def _write_pty(self, data: bytes) -> bool:
        assert self._master is not None
        pty_wire.write_all(self._master, data, "emulated scanner")
        self._last_write = time.monotonic()
        return True

    # -- transports ---------------------------------------------------------------------

    def _open_pty(self) -> None:
        self._master, self._slave, self.device_path = pty_wire.open_pty(self.link)
        log.info("emulated scanner plugged in at %s", self.device_path)

    def _listen(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(1)
        self.port = server.getsockname()[1]
        self._server = server
        self._client_event.clear()
        self._accept_stop = threading.Event()
        self._accept_thread = threading.Thread(
            target=self._accept_loop,
            args=(server, self._accept_stop),
            name="scanner emulator accept",
            daemon=True,
        )
        self._accept_thread.start()
        log.info("emulated scanner listening on 127.0.0.1:%d", self.port)

    def _accept_loop(self, server: socket.socket, stop: threading.Event) -> None:
        # Polls, because closing a socket does not wake a thread blocked in accept().
        while not stop.is_set():
            try:
                readable, _, _ = select.select([server], [], [], 0.05)
                if not readable:
                    continue
                client, _ = server.accept()
            except OSError:
                return
            with self._client_lock:
                old, self._client = self._client, client
            if old is not None:
                old.close()
            self._client_event.set()

    def _send_socket(self, data: bytes) -> bool:
        with self._client_lock:
            client = self._client
        if client is None:
            return False
        try:
            client.sendall(data)
        except OSError:
            return False
        return True

    def _unplug_now(self) -> None:
        if not self.plugged:
            return
        self.plugged = False
        if self.transport == "pty":
            pty_wire.close_pty(self._master, self._slave, self.link)
            self._master = self._slave = None
        else:
            self._accept_stop.set()
            if self._accept_thread is not None:
                self._accept_thread.join(timeout=2.0)
                self._accept_thread = None
            if self._server is not None:
                self._server.close()
                self._server = None
            with self._client_lock:
                client, self._client = self._client, None
            if client is not None:
                try:
                    client.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                client.close()
            self._client_event.clear()
        log.info("emulated scanner unplugged")


def main() -> None:  # pragma: no cover - demo entry point
    """Demo: plug in an emulated scanner and scan a few codes every second until Ctrl+C."""
    logging.basicConfig(level=logging.INFO)
    codes = ["4006381333931", "]C1" + "0109506000134352" + "10ABC123", "BIN-A-01-03"]
    with SerialScannerEmulator(suffix="cr") as emulator:
        print(f"scanner at {emulator.url}?suffix=cr  (Ctrl+C to stop)")
        try:
            i = 0
            while True:
                time.sleep(1.0)
                emulator.scan(codes[i % len(codes)])
                i += 1
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
