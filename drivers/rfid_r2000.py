# SPDX-License-Identifier: Apache-2.0
"""UHF desk readers built on Impinj R2000 modules (the "0xA0" serial binary protocol).

URL format:
    ``rfid+r2000://PORT?options`` (``rfid+r2000:///dev/ttyUSB0?baud=115200&power=26``), or
    a pyserial URL as PORT (``rfid+r2000://socket://10.0.0.7:4001`` for a TCP bridge).

options (besides the common ones of :mod:`drivers.rfid_reader`):
    ``address`` (255 = broadcast, the default; 0-254 talks to one module and ignores others),
    ``power`` (dBm 0-33; empty = leave the module's setting), ``antenna`` (1-4; empty =
    leave it), ``repeat`` (1-255, inventory rounds per command, default 1), ``inventory``
    (``continuous``: send 0x89 again whenever one finishes, the default; ``off``: only when
    :meth:`R2000Reader.inventory` is called), ``watchdog_ms`` (2000: resend the inventory
    command when the module said nothing for that long), ``partial_ms`` (500: an incomplete
    frame quiet that long is dropped).

Frames are parsed by :mod:`drivers.rfid_frames`; bad checksums, garbage and truncated frames
are rejected with a reason and the parser resynchronises on the next frame head. A reader
error (``antenna missing``) is logged and kept in :attr:`R2000Reader.last_error`, and the
inventory is retried after a second. Rounds end by the quiet gap, the window or a disconnect
(the R2000 has no trigger: a desk reader inventories without end; set ``window_ms`` to cut it
into rounds). With ``inventory=off`` each :meth:`R2000Reader.inventory` command is one round,
ended by the module's end-of-inventory frame.
"""

from __future__ import annotations

import logging
import time

from drivers.base import DeviceError
from drivers.registry import DeviceUrl, register_scheme
from drivers.rfid_frames import (
    BROADCAST,
    Frame,
    FrameParser,
    InventoryEnd,
    ReaderError,
    Rejected,
    Reply,
    interpret,
    inventory_command,
    output_power_command,
    work_antenna_command,
)
from drivers.rfid_reader import Item, Mark, Reject, SerialRfidReader
from drivers.rfid_rounds import TagReport

log = logging.getLogger(__name__)

ERROR_RETRY_S = 1.0


class R2000Reader(SerialRfidReader):
    """An R2000-module reader; see the module docstring. Thread contract as the base class."""

    scheme = "rfid+r2000"
    default_baud = 115200

    def _configure(self, parsed: DeviceUrl) -> None:
        self.address = parsed.integer("address", BROADCAST)
        if self.address > 0xFF:
            raise DeviceError(f"{self.url}: option address must be 0 to 255", url=self.url)
        power = parsed.text("power", "")
        self.power = None if power == "" else int(parsed.number("power", 0, maximum=33))
        antenna = parsed.text("antenna", "")
        self.antenna = (
            None if antenna == "" else int(parsed.number("antenna", 1, minimum=1, maximum=4))
        )
        self.repeat = int(parsed.number("repeat", 1, minimum=1, maximum=255))
        self.continuous = parsed.choice("inventory", "continuous", ["continuous", "off"]) == (
            "continuous"
        )
        self.watchdog_s = parsed.number("watchdog_ms", 2000, minimum=10) / 1000
        self._parser = FrameParser(partial_s=parsed.number("partial_ms", 500) / 1000)
        self._running = False
        self._last_heard = 0.0
        self._next_command = 0.0
        self.last_error: str | None = None
        self.commands_sent = 0

    # -- protocol -------------------------------------------------------------------------

    def inventory(self) -> None:
        """Send one real-time inventory command (0x89). Any thread; raises DeviceError."""
        self.write(inventory_command(self.address, self.repeat))
        self._running = True
        self._last_heard = time.time()
        self.commands_sent += 1

    def _on_connect(self) -> None:
        self._parser = FrameParser(partial_s=self._parser.partial_s)
        self._running = False
        if self.power is not None:
            self.write(output_power_command(self.address, self.power))
        if self.antenna is not None:
            self.write(work_antenna_command(self.address, self.antenna))
        if self.continuous:
            self.inventory()

    def _interpret(self, frame: Frame, now: float) -> Item | None:
        if self.address != BROADCAST and frame.address != self.address:
            return Reject(f"frame from reader address {frame.address}, not {self.address}", b"")
        meaning = interpret(frame, now)
        if type(meaning) is TagReport:
            return meaning
        if isinstance(meaning, Rejected):
            return Reject(meaning.reason, meaning.raw)
        if isinstance(meaning, InventoryEnd):
            self._running = False
            return None if self.continuous else Mark("end", "inventory done")
        if isinstance(meaning, ReaderError):
            self.last_error = meaning.message
            log.warning("%s: %s", self.url, meaning.message)
            if meaning.cmd == 0x89:
                self._running = False
                self._next_command = now + ERROR_RETRY_S
                return None if self.continuous else Mark("end", meaning.message)
            return None
        assert isinstance(meaning, Reply)
        return None

    def _feed(self, data: bytes, now: float) -> list[Item]:
        self._last_heard = now
        return self._items(self._parser.feed(data, now), now)

    def _items(self, pieces: list[Frame | Rejected], now: float) -> list[Item]:
        out: list[Item] = []
        for piece in pieces:
            if type(piece) is Frame:
                item = self._interpret(piece, now)
                if item is not None:
                    out.append(item)
            else:
                assert isinstance(piece, Rejected)
                out.append(Reject(piece.reason, piece.raw))
        return out

    def _idle(self, now: float) -> list[Item]:
        return self._items(self._parser.poll(now), now)

    def _discard(self) -> Reject | None:
        lost = self._parser.discard("partial frame discarded: device disconnected mid-frame")
        return None if lost is None else Reject(lost.reason, lost.raw)

    def _tick(self, now: float) -> None:
        if not self.continuous or now < self._next_command:
            return
        if self._running and now - self._last_heard < self.watchdog_s:
            return
        if self._running:
            log.info("%s: no answer for %.1f s; inventory sent again", self.url, self.watchdog_s)
        try:
            self.inventory()
        except DeviceError as exc:
            log.debug("%s: inventory not sent: %s", self.url, exc)
            self._next_command = now + ERROR_RETRY_S


def _factory(url: str) -> R2000Reader:
    return R2000Reader.from_url(url)


register_scheme("rfid+r2000", _factory)
