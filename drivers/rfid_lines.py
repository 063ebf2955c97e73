# SPDX-License-Identifier: Apache-2.0
"""RFID readers in line mode: they send each EPC as a line of hex and nothing else.

URL format:
    ``rfid+lines://PORT?options`` (``rfid+lines:///dev/ttyACM0?baud=9600``), or a pyserial
    URL as PORT (``rfid+lines://socket://127.0.0.1:7001``).

options (besides the common ones of :mod:`drivers.rfid_reader`; the default ``baud`` here
is 9600 and ``gap_ms`` 700, since such readers type a few tags per trigger pull):
    ``partial_ms`` (1000: an unterminated line quiet that long is dropped).

A line ends at CR, LF or CR LF. It is upper-cased and must be hex in whole 16-bit words
(4 to 124 digits; a 96-bit EPC is 24); spaces inside are removed. Anything else is rejected
with a reason. There is no RSSI, antenna or trigger: rounds end by the quiet gap.

Readers in keyboard mode type the same lines into the window; :func:`looks_like_epc` tells
such a typed line from a barcode, for the station's keyboard path.
"""

from __future__ import annotations

import re

from drivers.registry import DeviceUrl, register_scheme
from drivers.rfid_reader import Item, LineSplitter, Reject, SerialRfidReader
from drivers.rfid_rounds import TagReport

__all__ = ["EPC_HEADERS", "LinesReader", "looks_like_epc", "parse_epc_line"]

_HEX_WORDS = re.compile(r"^(?:[0-9A-F]{4}){1,31}$")

EPC_HEADERS = frozenset({"30", "31", "32", "33", "34", "35", "36", "37", "38", "39"})
"""First bytes of GS1 EPCs (TDS headers) that :func:`looks_like_epc` accepts."""


def parse_epc_line(raw: bytes) -> str | Reject:
    """The EPC (upper-case hex) of one line, or :class:`Reject` with the reason. Pure."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        return Reject(f"non-ASCII byte 0x{raw[exc.start]:02x} (wrong baud rate?)", raw)
    epc = text.strip().replace(" ", "").upper()
    if not _HEX_WORDS.match(epc):
        return Reject("not an EPC: hex in whole 16-bit words (4 to 124 digits) expected", raw)
    return epc


def looks_like_epc(text: str) -> bool:
    """True for typed text that is a 96- or 128-bit EPC with a GS1 header (``3074...``).

    Barcodes (digits only, AIM prefixes) are not EPCs: an all-digit 24-character text is
    taken as an EPC only when it starts with a GS1 EPC header too, which a GTIN never does.
    """
    epc = text.strip().upper()
    return len(epc) in (24, 32) and bool(_HEX_WORDS.match(epc)) and epc[:2] in EPC_HEADERS


class LinesReader(SerialRfidReader):
    """A line-mode RFID reader; see the module docstring. Thread contract as the base class."""

    scheme = "rfid+lines"
    default_baud = 9600
    default_gap_ms = 700.0

    def _configure(self, parsed: DeviceUrl) -> None:
        self._splitter = LineSplitter(partial_s=parsed.number("partial_ms", 1000) / 1000)

    def _feed(self, data: bytes, now: float) -> list[Item]:
        out: list[Item] = []
        for line in self._splitter.feed(data, now):
            if isinstance(line, Reject):
                out.append(line)
                continue
            epc = parse_epc_line(line)
            out.append(epc if isinstance(epc, Reject) else TagReport(epc, None, None, now))
        return out

    def _idle(self, now: float) -> list[Item]:
        return list(self._splitter.poll(now))

    def _discard(self) -> Reject | None:
        return self._splitter.discard("partial line discarded: device disconnected mid-line")


def _factory(url: str) -> LinesReader:
    return LinesReader.from_url(url)


register_scheme("rfid+lines", _factory)
