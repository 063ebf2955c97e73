# SPDX-License-Identifier: Apache-2.0
"""TSL (Technology Solutions UK) handheld UHF readers: the ASCII 2 protocol over serial/SPP.

URL format:
    ``rfid+tsl://PORT?options`` (``rfid+tsl:///dev/rfcomm0``, ``rfid+tsl://COM7?power=25``),
    or a pyserial URL as PORT.

options (besides the common ones of :mod:`drivers.rfid_reader`):
    ``power`` (dBm 10-30; empty = the reader's setting), ``mode`` (``trigger``, the default:
    the reader's trigger runs the inventory and the host only listens; ``poll``: the host
    sends ``.iv`` every ``poll_ms``, for a reader on a stand), ``poll_ms`` (1000),
    ``partial_ms`` (1000: an unterminated line quiet that long is dropped).

Protocol (``/work/shared/reference/rfid-reader-protocols.md`` §b): the host sends command
lines (``.iv -r on -n``); the reader answers with a block of ``HH: value`` lines ended by
``OK:`` or ``ER: code`` and an empty line. In a block, ``CS:`` echoes the command, ``EP:``
is one transponder's EPC (hex) and ``RI:`` its RSSI in dBm, ``PC:`` its PC word; ``ME:`` is
an error message. A trigger pull sends such a block unprompted. Parameters are forgotten at
power-off, so the setup (``.iv -x -n -r on`` plus ``-o POWER``) is sent after every
(re)connect.

Rounds: ``CS: .iv`` opens a round, ``OK:``/``ER:`` closes it (one trigger pull, one round).
Lines that are not ``HH: value`` text are rejected with a reason; unknown headers are
ignored.
"""

from __future__ import annotations

import logging
import re

from drivers.base import DeviceError
from drivers.registry import DeviceUrl, register_scheme
from drivers.rfid_reader import Item, LineSplitter, Mark, Reject, SerialRfidReader
from drivers.rfid_rounds import TagReport

__all__ = ["TslReader"]

log = logging.getLogger(__name__)

_LINE = re.compile(r"^([A-Z]{2}):\s?(.*)$")
_HEX = re.compile(r"^(?:[0-9A-F]{4}){1,31}$")


class TslReader(SerialRfidReader):
    """A TSL handheld reader; see the module docstring. Thread contract as the base class."""

    scheme = "rfid+tsl"
    default_baud = 115200
    default_gap_ms = 1500.0

    def _configure(self, parsed: DeviceUrl) -> None:
        power = parsed.text("power", "")
        self.power = (
            None if power == "" else int(parsed.number("power", 10, minimum=10, maximum=30))
        )
        self.mode = parsed.choice("mode", "trigger", ["trigger", "poll"])
        self.poll_s = parsed.number("poll_ms", 1000, minimum=10) / 1000
        self._splitter = LineSplitter(partial_s=parsed.number("partial_ms", 1000) / 1000)
        self._pending: TagReport | None = None  # an EP: waiting for its RI:/PC: lines
        self._in_inventory = False
        self._block_open = False
        self._next_poll = 0.0
        self.last_error: str | None = None
        self._message = ""

    def setup_command(self) -> str:
        """The configuration line sent after every (re)connect."""
        power = f" -o {self.power}" if self.power is not None else ""
        return f".iv -x -n -r on{power}"

    def inventory(self) -> None:
        """Ask for one inventory (``.iv``). Any thread; raises :class:`DeviceError`."""
        self.write(b".iv\r\n")

    def _on_connect(self) -> None:
        self._splitter.discard("")
        self._pending = None
        self._in_inventory = self._block_open = False
        self.write((self.setup_command() + "\r\n").encode("ascii"))

    def _flush(self, out: list[Item]) -> None:
        if self._pending is not None:
            out.append(self._pending)
            self._pending = None

    def _line(self, raw: bytes, now: float, out: list[Item]) -> None:
        try:
            text = raw.decode("ascii").strip()
        except UnicodeDecodeError as exc:
            self._flush(out)
            out.append(Reject(f"non-ASCII byte 0x{raw[exc.start]:02x} (wrong baud rate?)", raw))
            return
        match = _LINE.match(text)
        if match is None or any(ord(c) < 0x20 for c in text):
            self._flush(out)
            out.append(Reject("not a TSL response line (HH: value)", raw))
            return
        header, value = match.group(1), match.group(2).strip()
        if header == "RI" and self._pending is not None:
            try:
                self._pending = self._pending._replace(rssi=float(value))
            except ValueError:
                out.append(Reject(f"RSSI {value!r} is not a number", raw))
            return
        if header == "PC" and self._pending is not None:
            try:
                self._pending = self._pending._replace(pc=int(value, 16))
            except ValueError:
                out.append(Reject(f"PC {value!r} is not hex", raw))
            return
        self._flush(out)
        if header == "EP":
            epc = value.replace(" ", "").upper()
            if not _HEX.match(epc):
                out.append(Reject(f"EPC {value!r} is not hex in whole 16-bit words", raw))
                return
            if not self._in_inventory:  # a trigger block whose CS: line was lost
                self._in_inventory = self._block_open = True
                out.append(Mark("begin"))
            self._pending = TagReport(epc, None, 1, now)  # a handheld has one antenna
        elif header == "CS":
            self._block_open = True
            self._message = ""
            command = value.split()
            if command[:1] == [".iv"] and "-n" not in command:
                self._in_inventory = True
                out.append(Mark("begin"))
        elif header == "ME":
            self._message = value
        elif header in ("OK", "ER"):
            self._end_block(header, value, out)
        else:
            log.debug("%s: ignored %s line %r", self.url, header, value)

    def _end_block(self, header: str, value: str, out: list[Item]) -> None:
        if header == "ER":
            self.last_error = f"error {value}" + (f": {self._message}" if self._message else "")
            log.info("%s: reader replied %s", self.url, self.last_error)
        if self._in_inventory:
            out.append(Mark("end", header))
        self._in_inventory = self._block_open = False
        self._message = ""

    def _feed(self, data: bytes, now: float) -> list[Item]:
        out: list[Item] = []
        for line in self._splitter.feed(data, now):
            if isinstance(line, Reject):
                self._flush(out)
                out.append(line)
            else:
                self._line(line, now, out)
        return out

    def _idle(self, now: float) -> list[Item]:
        out: list[Item] = []
        self._flush(out)
        out.extend(self._splitter.poll(now))
        return out

    def _complete(self) -> list[Item]:
        out: list[Item] = []
        self._flush(out)
        return out

    def _discard(self) -> Reject | None:
        self._pending = None
        self._in_inventory = self._block_open = False
        return self._splitter.discard("partial line discarded: device disconnected mid-line")

    def _tick(self, now: float) -> None:
        if self.mode != "poll" or now < self._next_poll:
            return
        if self._block_open and now < self._next_poll + 5 * self.poll_s:
            return  # an answer is still coming (or was lost: ask again after a while)
        self._next_poll = now + self.poll_s
        try:
            self.inventory()
        except DeviceError as exc:
            log.debug("%s: inventory not sent: %s", self.url, exc)


def _factory(url: str) -> TslReader:
    return TslReader.from_url(url)


register_scheme("rfid+tsl", _factory)
