# SPDX-License-Identifier: Apache-2.0
"""The wire of the emulated RFID readers: a pty pair that can be unplugged and replugged.

The driver opens the slave side (``/dev/pts/N`` or a stable ``link``); the emulator writes
reader output to the master side and reads the host's commands from it on its own thread,
handing them to :meth:`PtyWire.on_bytes`. POSIX only.

Threads: one command thread per plug-in (it ends at unplug); writes may come from any thread
and are serialised with unplug/replug (a frame is wholly on the wire or not sent). Writes
raise ``TimeoutError`` when nobody reads for 2 s and return ``False`` while unplugged.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Self

from drivers.emulators import announce, pty_wire, withdraw

log = logging.getLogger(__name__)


class PtyWire:
    """A pty-pair device; subclasses implement :meth:`on_bytes` to answer commands."""

    kind = "rfid"

    def __init__(
        self,
        *,
        link: str | os.PathLike[str] | None = None,
        label: str = "RFID reader emulator",
        announce: bool = True,
    ) -> None:
        self.link = Path(link) if link is not None else None
        self.label = label
        self._announce = announce
        self._name = f"rfid-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._master: int | None = None
        self._slave: int | None = None
        self.device_path: str | None = None
        self.plugged = False
        self._wire = threading.RLock()
        self._reader: threading.Thread | None = None
        self._reader_stop = threading.Event()
        self._last_write = 0.0

    scheme = "rfid+lines"

    @property
    def url(self) -> str:
        """The device URL for the driver (add ``?options`` as needed)."""
        path = str(self.link) if self.link is not None else self.device_path
        return f"{self.scheme}://{path}"

    def start(self) -> Self:
        """Plug in. Returns ``self``."""
        self.replug()
        return self

    def close(self) -> None:
        """Unplug without draining and withdraw the announcement. Idempotent."""
        self._stop_reader()
        with self._wire:
            self._unplug_now()
        if self._announce:
            withdraw(self._name)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def on_bytes(self, data: bytes) -> None:
        """Bytes the host wrote (on the command thread). Default: ignore them."""

    # -- plugging -------------------------------------------------------------------------

    def replug(self) -> None:
        """Plug in (again): a new pty, ``link`` re-pointed, a new command thread."""
        with self._wire:
            if self.plugged:
                return
            master, slave, self.device_path = pty_wire.open_pty(self.link)
            self._master, self._slave = master, slave
            self.plugged = True
            self._reader_stop = threading.Event()
            self._reader = threading.Thread(
                target=self._read_commands,
                args=(master, self._reader_stop),
                name="rfid emulator commands",
                daemon=True,
            )
            self._reader.start()
        if self._announce:
            announce(
                self._name,
                {"url": self.url, "kind": "rfid", "label": self.label, "transport": "pty"},
            )
        log.info("emulated RFID reader plugged in at %s", self.device_path)

    def unplug(self, drain_timeout: float = 2.0) -> bool:
        """Pull the cable after waiting up to ``drain_timeout`` s for what was sent to be read."""
        self._stop_reader()
        with self._wire:
            drained = self.wait_drained(drain_timeout)
            self._unplug_now()
        return drained

    def wait_drained(self, timeout: float) -> bool:
        """Wait until the driver has read everything written (a settle time after the last)."""
        return pty_wire.wait_drained(lambda: self._slave, lambda: self._last_write, timeout)

    def _stop_reader(self) -> None:
        self._reader_stop.set()
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout=2.0)
        self._reader = None

    def _unplug_now(self) -> None:
        if not self.plugged:
            return
        self.plugged = False
        pty_wire.close_pty(self._master, self._slave, self.link)
        self._master = self._slave = None
        log.info("emulated RFID reader unplugged")

    # -- bytes ----------------------------------------------------------------------------

    def write_raw(self, data: bytes) -> bool:
        """Put bytes on the wire as they are; ``False`` when unplugged."""
        with self._wire:
            if not self.plugged or self._master is None:
                return False
            pty_wire.write_all(self._master, data, "emulated RFID reader")
            self._last_write = time.monotonic()
            return True

    def _read_commands(self, master: int, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                readable, _, _ = select.select([master], [], [], 0.05)
                if not readable:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError):
                return
            if not data:
                continue
            try:
                self.on_bytes(data)
            except TimeoutError:
                log.warning("emulated RFID reader: nobody reads its output")
            except Exception:
                log.exception("emulated RFID reader: command handling failed")


class LineReaderEmulator(PtyWire):
    """A reader in line mode: it sends each EPC as hex and a terminator, nothing else."""

    scheme = "rfid+lines"

    def __init__(
        self,
        *,
        terminator: bytes = b"\r\n",
        link: str | os.PathLike[str] | None = None,
        announce: bool = True,
    ) -> None:
        super().__init__(link=link, label="line-mode RFID reader emulator", announce=announce)
        self.terminator = terminator

    def send_epcs(self, epcs: list[str], *, lower: bool = False) -> bool:
        """Send the EPCs, one line each (in lower case if ``lower``); False if unplugged."""
        text = b"".join(
            (epc.lower() if lower else epc).encode("ascii") + self.terminator for epc in epcs
        )
        return self.write_raw(text)
