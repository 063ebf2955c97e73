# SPDX-License-Identifier: Apache-2.0
"""An emulated Impinj-R2000 UHF reader module on a pty, speaking the "0xA0" binary protocol.

Its frames are built here from the protocol description, independently of
:mod:`drivers.rfid_frames` (the golden frames of the protocol documentation test both), so the
driver and its emulator cannot share one misreading.

Behaviour: it answers 0x72 (firmware version), 0x74 (work antenna), 0x76 (output power) with
status 0x10, and 0x89 (real-time inventory) with the reads of the next queued round
(:meth:`R2000Emulator.queue_round`), one tag frame per read, then the end-of-command frame
(``A0 0A addr 89 ant rate(2) total(4) check``); with nothing queued it waits ``idle_s`` and
answers with an end frame of 0 reads (a reader seeing no tags). A round may carry raw bytes
(garbage, corrupted frames) between reads and may pull the cable after some reads.
``antenna_missing=True`` makes it answer 0x89 with error 0x22.

Threads: see :mod:`drivers.emulators.rfid_wire`; rounds are queued from any thread.

``python -m drivers.emulators.rfid_r2000`` runs a demo reader with 20 tags on the bench.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drivers.emulators.rfid_wire import PtyWire
from drivers.epc import encode_sgtin96

log = logging.getLogger(__name__)

Read = tuple[str, float, int]
"""``(epc_hex, rssi_dbm, antenna 1-4)``"""


def frame(address: int, cmd: int, data: bytes = b"") -> bytes:
    """A reader frame: head 0xA0, length of the rest, address, cmd, data, LRC check byte."""
    body = bytes([0xA0, len(data) + 3, address, cmd]) + data
    return body + bytes([(256 - sum(body) % 256) % 256])


def tag_frame(address: int, epc_hex: str, rssi: float, antenna: int, channel: int = 0) -> bytes:
    """A 0x89 tag report: FreqAnt, PC (length from the EPC), EPC, RSSI byte (dBm + 129)."""
    epc = bytes.fromhex(epc_hex)
    pc = (len(epc) // 2) << 11
    rssi_byte = max(0, min(255, round(rssi) + 129))
    data = bytes([(channel << 2) | (antenna - 1), pc >> 8, pc & 0xFF]) + epc + bytes([rssi_byte])
    return frame(address, 0x89, data)


def end_frame(address: int, antenna: int, rate: int, total: int) -> bytes:
    """The end of a 0x89 command: antenna, read rate (2 bytes), total reads (4 bytes)."""
    data = bytes([antenna - 1]) + rate.to_bytes(2, "big") + total.to_bytes(4, "big")
    return frame(address, 0x89, data)


@dataclass
class _Round:
    items: list[Read | bytes]
    unplug_after: int | None
    done: threading.Event


class R2000Emulator(PtyWire):
    """An R2000 module on a pty; see the module docstring."""

    scheme = "rfid+r2000"

    def __init__(
        self,
        *,
        address: int = 0x01,
        idle_s: float = 0.02,
        link: str | os.PathLike[str] | None = None,
        announce: bool = True,
    ) -> None:
        super().__init__(link=link, label="R2000 UHF reader emulator", announce=announce)
        self.address = address
        self.idle_s = idle_s
        self.power = 30
        self.antenna = 1
        self.antenna_missing = False
        self.commands: list[tuple[int, bytes]] = []
        self._rounds: collections.deque[_Round] = collections.deque()
        self._buf = bytearray()
        self._lock = threading.Lock()

    def queue_round(
        self, items: Iterable[Read | bytes], *, unplug_after: int | None = None
    ) -> threading.Event:
        """Answer the next inventory command with ``items`` (reads, or raw bytes sent as they
        are). ``unplug_after=N``: send N reads and half of the next frame, then pull the cable.
        Returns an event set once the round was sent."""
        done = threading.Event()
        with self._lock:
            self._rounds.append(_Round(list(items), unplug_after, done))
        return done

    def commands_of(self, cmd: int) -> list[bytes]:
        """Data of the commands received with code ``cmd``."""
        with self._lock:
            return [data for code, data in self.commands if code == cmd]

    def on_bytes(self, data: bytes) -> None:
        self._buf += data
        while True:
            start = self._buf.find(b"\xa0")
            if start < 0:
                self._buf.clear()
                return
            del self._buf[:start]
            if len(self._buf) < 2 or len(self._buf) < self._buf[1] + 2:
                return
            size = self._buf[1] + 2
            command = bytes(self._buf[:size])
            del self._buf[:size]
            if sum(command) % 256:
                log.warning("emulated R2000: bad checksum in command %s", command.hex(" "))
                continue
            self._command(command[3], command[4:-1])

    def _command(self, cmd: int, data: bytes) -> None:
        with self._lock:
            self.commands.append((cmd, data))
        if cmd == 0x76 and data:
            self.power = data[0]
            self.write_raw(frame(self.address, cmd, b"\x10"))
        elif cmd == 0x74 and data:
            self.antenna = data[0] + 1
            self.write_raw(frame(self.address, cmd, b"\x10"))
        elif cmd == 0x72:
            self.write_raw(frame(self.address, cmd, b"\x01\x08"))
        elif cmd == 0x89:
            self._inventory()
        else:
            self.write_raw(frame(self.address, cmd, b"\x11"))

    def _inventory(self) -> None:
        if self.antenna_missing:
            time.sleep(self.idle_s)
            self.write_raw(frame(self.address, 0x89, b"\x22"))
            return
        with self._lock:
            current = self._rounds.popleft() if self._rounds else None
        if current is None:
            time.sleep(self.idle_s)
            self.write_raw(end_frame(self.address, self.antenna, 0, 0))
            return
        sent = 0
        chunk = bytearray()
        for item in current.items:
            if isinstance(item, bytes):
                chunk += item
                continue
            if current.unplug_after is not None and sent >= current.unplug_after:
                cut = tag_frame(self.address, *item)
                self.write_raw(bytes(chunk) + cut[: len(cut) // 2])
                current.done.set()
                self.unplug()
                return
            chunk += tag_frame(self.address, *item)
            sent += 1
            if len(chunk) >= 4096:
                self.write_raw(bytes(chunk))
                chunk.clear()
        chunk += end_frame(self.address, self.antenna, 0, sent)
        self.write_raw(bytes(chunk))
        current.done.set()


def shelf(count: int, *, start: int = 1, rssi: float = -50.0, antenna: int = 1) -> list[Read]:
    """``count`` distinct SGTIN-96 reads (GTIN 06975123000012 with serials from ``start``)."""
    return [
        (encode_sgtin96("06975123000012", serial, 7, 1), rssi, antenna)
        for serial in range(start, start + count)
    ]


def interleave(tags: Sequence[Read], total: int) -> list[Read]:
    """``total`` reads cycling over ``tags`` (as a reader sees a static population)."""
    return [tags[i % len(tags)] for i in range(total)]


def main() -> None:  # pragma: no cover - demo entry point
    """Demo: an R2000 reader with 20 tags in its field until Ctrl+C."""
    logging.basicConfig(level=logging.INFO)
    tags = shelf(20)
    with R2000Emulator() as emulator:
        print(f"R2000 reader at {emulator.url}?window_ms=2000  (Ctrl+C to stop)")
        try:
            while True:
                emulator.queue_round(interleave(tags, 100)).wait()
                time.sleep(0.05)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
