# SPDX-License-Identifier: Apache-2.0
"""The serial binary protocol of Impinj-R2000-based UHF reader modules ("0xA0" frames).

Frame: ``A0 Len Address Cmd Data... Check`` where ``Len`` counts the bytes after it (Address,
Cmd, Data and Check) and ``Check`` is the two's complement of the 8-bit sum of all the bytes
before it, head included: a frame is valid when all its bytes sum to 0 mod 256
(``/work/shared/reference/rfid-reader-protocols.md`` §a, after the vendor's
"Serial_Protocol_User's_Guide_V2.38" and pyImpinj).

- :func:`build_frame` and the command builders make host commands;
- :class:`FrameParser` cuts a byte stream into :class:`Frame` objects and resynchronises after
  garbage, a bad checksum or a truncated frame: it drops the bad frame's head byte (never the
  stream) and looks for the next ``0xA0``; every skip is a :class:`Rejected` with its reason;
- :func:`interpret` turns a reader frame into a :class:`~drivers.rfid_rounds.TagReport`, an
  :class:`InventoryEnd`, a :class:`ReaderError` or a :class:`Reply`.

0x89 real-time inventory tag frame: ``FreqAnt`` (bits 1-0 antenna 0-3, shown as 1-4), ``PC``
(2 bytes, EPC length in words in bits 15-11), EPC, ``RSSI`` (dBm = value - 129). The end of
the command: ``Len = 0x0A``, antenna, read rate (2), total reads (4). A failure: ``Len = 0x04``
and an error code. Replies to settings carry one status byte, ``0x10`` meaning success.

Pure and single-threaded: a parser belongs to one reader thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from drivers.rfid_rounds import TagReport

__all__ = [
    "BROADCAST",
    "CMD_GET_FIRMWARE",
    "CMD_REAL_TIME_INVENTORY",
    "CMD_SET_OUTPUT_POWER",
    "CMD_SET_WORK_ANTENNA",
    "ERROR_CODES",
    "HEAD",
    "SUCCESS",
    "Frame",
    "FrameParser",
    "InventoryEnd",
    "ReaderError",
    "Rejected",
    "Reply",
    "build_frame",
    "checksum",
    "firmware_version_command",
    "interpret",
    "inventory_command",
    "output_power_command",
    "work_antenna_command",
]

HEAD: Final = 0xA0
BROADCAST: Final = 0xFF
SUCCESS: Final = 0x10
CMD_GET_FIRMWARE: Final = 0x72
CMD_SET_WORK_ANTENNA: Final = 0x74
CMD_SET_OUTPUT_POWER: Final = 0x76
CMD_REAL_TIME_INVENTORY: Final = 0x89

ERROR_CODES: Final[dict[int, str]] = {
    0x10: "success",
    0x11: "command failed",
    0x20: "MCU reset error",
    0x21: "CW on error",
    0x22: "antenna missing",
    0x23: "write flash error",
    0x24: "read flash error",
    0x25: "set output power error",
    0x31: "tag inventory error",
    0x36: "no tag",
    0x41: "invalid parameter",
    0x47: "antenna out of range",
    0x48: "output power out of range",
    0x53: "RF chip does not respond",
    0x57: "output power too low",
}
"""Status codes of the reference SDK (pyImpinj ``ImpinjR2KGlobalErrors``)."""

_MIN_LEN: Final = 3  # Address + Cmd + Check


@dataclass(frozen=True)
class Rejected:
    """Bytes skipped by the parser, and why."""

    reason: str
    raw: bytes


@dataclass(frozen=True)
class Frame:
    """One checked frame: reader ``address``, command code ``cmd``, ``data`` (no check byte)."""

    address: int
    cmd: int
    data: bytes


@dataclass(frozen=True)
class InventoryEnd:
    """A real-time inventory command finished: ``total`` reads at ``rate`` tags/s."""

    antenna: int
    rate: int
    total: int


@dataclass(frozen=True)
class ReaderError:
    """The reader refused or failed command ``cmd`` with ``code``."""

    cmd: int
    code: int

    @property
    def message(self) -> str:
        return f"command 0x{self.cmd:02X} failed: {ERROR_CODES.get(self.code, 'error')} (0x{self.code:02X})"


@dataclass(frozen=True)
class Reply:
    """Any other reply (firmware version, success of a setting)."""

    cmd: int
    data: bytes


def checksum(data: bytes | bytearray) -> int:
    """The check byte for ``data`` (head to last data byte): ``(-sum(data)) & 0xFF``."""
    return -sum(data) & 0xFF


def build_frame(address: int, cmd: int, data: bytes = b"") -> bytes:
    """A complete frame; raises ``ValueError`` for out-of-range bytes or too much data."""
    if not 0 <= address <= 0xFF or not 0 <= cmd <= 0xFF or len(data) > 0xFF - _MIN_LEN:
        raise ValueError("address and cmd are bytes; data at most 252 bytes")
    body = bytes((HEAD, len(data) + _MIN_LEN, address, cmd)) + bytes(data)
    return body + bytes((checksum(body),))


def inventory_command(address: int = BROADCAST, repeat: int = 1) -> bytes:
    """0x89 real-time inventory, ``repeat`` inventory rounds (1-255)."""
    if not 1 <= repeat <= 0xFF:
        raise ValueError("repeat must be 1 to 255")
    return build_frame(address, CMD_REAL_TIME_INVENTORY, bytes((repeat,)))


def output_power_command(address: int, dbm: int) -> bytes:
    """0x76 set output power (0-33 dBm, all antennas; written to flash by the module)."""
    if not 0 <= dbm <= 33:
        raise ValueError("output power must be 0 to 33 dBm")
    return build_frame(address, CMD_SET_OUTPUT_POWER, bytes((dbm,)))


def work_antenna_command(address: int, antenna: int) -> bytes:
    """0x74 set the work antenna, numbered 1-4 here (0-3 on the wire)."""
    if not 1 <= antenna <= 4:
        raise ValueError("antenna must be 1 to 4")
    return build_frame(address, CMD_SET_WORK_ANTENNA, bytes((antenna - 1,)))


def firmware_version_command(address: int = BROADCAST) -> bytes:
    """0x72 get firmware version (a probe: a reply means the module speaks this protocol)."""
    return build_frame(address, CMD_GET_FIRMWARE)


class FrameParser:
    """Cuts a byte stream into frames; see the module docstring.

    ``feed(data, now)`` returns complete :class:`Frame` objects and :class:`Rejected` items in
    stream order; ``poll(now)`` drops an incomplete frame that stayed incomplete for
    ``partial_s`` seconds (a truncated frame at the end of a burst); ``discard`` drops it at
    a disconnect.
    """

    def __init__(self, *, partial_s: float = 0.5) -> None:
        self.partial_s = partial_s
        self._buf = bytearray()
        self._last = 0.0

    @property
    def pending(self) -> bytes:
        """Bytes of the incomplete frame."""
        return bytes(self._buf)

    def feed(self, data: bytes, now: float) -> list[Frame | Rejected]:
        """Add received bytes; return what they completed."""
        if not data:
            return []
        self._last = now
        return self._parse(data)

    def _parse(self, data: bytes) -> list[Frame | Rejected]:
        out: list[Frame | Rejected] = []
        buf = self._buf
        buf += data
        n = len(buf)
        i = 0
        while i < n:
            if buf[i] != HEAD:
                j = buf.find(HEAD, i)
                end = n if j < 0 else j
                out.append(
                    Rejected(
                        f"{end - i} byte(s) of garbage outside a frame (line noise?)",
                        bytes(buf[i:end]),
                    )
                )
                i = end
                continue
            if i + 1 >= n:
                break
            length = buf[i + 1]
            if length < _MIN_LEN:
                out.append(Rejected(f"impossible frame length {length}", bytes(buf[i : i + 2])))
                i += 1
                continue
            end = i + 2 + length
            if end > n:
                break
            frame = buf[i:end]
            if sum(frame) & 0xFF:
                out.append(
                    Rejected(
                        f"bad checksum 0x{frame[-1]:02X} (expected 0x{checksum(frame[:-1]):02X}): "
                        "corrupted or truncated frame",
                        bytes(frame),
                    )
                )
                j = buf.find(HEAD, i + 1, end)
                i = end if j < 0 else j
                continue
            out.append(Frame(frame[2], frame[3], bytes(frame[4:-1])))
            i = end
        del buf[:i]
        return out

    def poll(self, now: float) -> list[Frame | Rejected]:
        """Drop an incomplete frame older than ``partial_s`` (0: keep forever).

        Only the bytes up to the next frame head are dropped: a false head (noise) whose
        length reached past the end of a burst must not take the good frames after it along.
        """
        out: list[Frame | Rejected] = []
        if not self._buf or self.partial_s <= 0 or now - self._last <= self.partial_s:
            return out
        while self._buf:
            cut = self._buf.find(HEAD, 1)
            cut = len(self._buf) if cut < 0 else cut
            out.append(
                Rejected(
                    f"truncated frame: incomplete after {self.partial_s:g} s",
                    bytes(self._buf[:cut]),
                )
            )
            rest = bytes(self._buf[cut:])
            self._buf.clear()
            out.extend(self._parse(rest))
        return out

    def discard(self, reason: str) -> Rejected | None:
        """Drop the incomplete frame (at a disconnect); ``None`` if there is none."""
        return self._take(reason) if self._buf else None

    def _take(self, reason: str) -> Rejected:
        raw = bytes(self._buf)
        self._buf.clear()
        return Rejected(reason, raw)


def interpret(frame: Frame, ts: float) -> TagReport | InventoryEnd | ReaderError | Reply | Rejected:
    """What a reader frame means; a 0x89 frame whose EPC length disagrees with its PC is
    :class:`Rejected`. Pure; never raises."""
    data = frame.data
    if frame.cmd != CMD_REAL_TIME_INVENTORY:
        if len(data) == 1 and data[0] != SUCCESS:
            return ReaderError(frame.cmd, data[0])
        return Reply(frame.cmd, data)
    size = len(data)
    if size == 1:
        return ReaderError(frame.cmd, data[0])
    if size == 7:
        return InventoryEnd(
            antenna=(data[0] & 0x03) + 1,
            rate=int.from_bytes(data[1:3], "big"),
            total=int.from_bytes(data[3:7], "big"),
        )
    if size < 4:
        return Rejected(f"inventory frame too short ({size} data bytes)", bytes(data))
    pc = (data[1] << 8) | data[2]
    epc_len = size - 4
    if ((pc >> 11) & 0x1F) * 2 != epc_len:
        return Rejected(
            f"EPC of {epc_len} bytes does not match PC 0x{pc:04X} "
            f"({((pc >> 11) & 0x1F) * 2} bytes)",
            bytes(data),
        )
    return TagReport(
        data[3 : 3 + epc_len].hex().upper(),
        float(data[-1] - 129),
        (data[0] & 0x03) + 1,
        ts,
        pc,
    )
