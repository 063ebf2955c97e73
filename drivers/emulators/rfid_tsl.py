# SPDX-License-Identifier: Apache-2.0
"""An emulated TSL handheld UHF reader on a pty, speaking the TSL ASCII 2 protocol.

Commands (lines ending in CR, LF or CR LF) are answered with a block of ``HH: value`` lines,
each ended by CR LF, closed by ``OK:`` or ``ER: code`` and an empty line:

- ``.iv`` with ``-n`` only stores its parameters (``-r on|off`` RSSI lines, ``-o`` power;
  ``-x`` resets them first); ``CS: <command>`` then ``OK:``;
- ``.iv`` without ``-n`` inventories the tags put in the field with
  :meth:`TslEmulator.set_field`: ``CS: .iv``, then ``EP: <hex>`` (and ``RI: <dBm>`` with
  ``-r on``) per tag, ``OK:``; with no tag ``ME: No transponder found`` and ``ER: 005``;
- ``.vr`` answers ``CS: .vr``, ``US: 000000``, ``OK:``; anything else ``ER: 001``.

:meth:`TslEmulator.trigger` is a trigger pull: an unsolicited ``.iv`` block whose reads are
given as segments, with pauses between them (the trigger held while the reader is moved).

Parameters are forgotten at :meth:`~TslEmulator.unplug` (a power cycle), as a real reader's
are. Threads: see :mod:`drivers.emulators.rfid_wire`.

``python -m drivers.emulators.rfid_tsl`` runs a demo reader that pulls its trigger every 2 s.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Sequence

from drivers.emulators.rfid_wire import PtyWire

log = logging.getLogger(__name__)

Read = tuple[str, float]
"""``(epc_hex, rssi_dbm)``"""

DEFAULTS = {"rssi": False, "power": 29}


class TslEmulator(PtyWire):
    """A TSL handheld on a pty; see the module docstring."""

    scheme = "rfid+tsl"

    def __init__(
        self, *, link: str | os.PathLike[str] | None = None, announce: bool = True
    ) -> None:
        super().__init__(link=link, label="TSL handheld RFID reader emulator", announce=announce)
        self.params: dict[str, object] = dict(DEFAULTS)
        self.field: list[Read] = []
        self.commands: list[str] = []
        self._buf = b""
        self._lock = threading.Lock()

    def set_field(self, reads: Iterable[Read]) -> None:
        """The tags a host-started ``.iv`` will report."""
        with self._lock:
            self.field = list(reads)

    def unplug(self, drain_timeout: float = 2.0) -> bool:
        """Pull the cable; the reader forgets its parameters (it powers off)."""
        drained = super().unplug(drain_timeout)
        self.params = dict(DEFAULTS)
        return drained

    # -- output ---------------------------------------------------------------------------

    def _lines(self, lines: Iterable[str]) -> bool:
        return self.write_raw("".join(f"{line}\r\n" for line in lines).encode("ascii"))

    def _tag_lines(self, reads: Iterable[Read]) -> list[str]:
        lines = []
        for epc, rssi in reads:
            lines.append(f"EP: {epc}")
            if self.params["rssi"]:
                lines.append(f"RI: {round(rssi)}")
        return lines

    def trigger(self, *segments: Sequence[Read] | float, end: str = "OK:") -> bool:
        """A trigger pull: ``CS: .iv``, the reads of each segment (a float is a pause in
        seconds), then ``end`` (``"OK:"``, or ``"ER: 005"``...) and an empty line. Returns
        False if unplugged."""
        if not self._lines(["CS: .iv"]):
            return False
        for segment in segments:
            if isinstance(segment, float | int):
                time.sleep(float(segment))
                continue
            if not self._lines(self._tag_lines(segment)):
                return False
        return self._lines([end, ""])

    def send_lines(self, *lines: str) -> bool:
        """Send lines as they are (CR LF added)."""
        return self._lines(lines)

    # -- commands -------------------------------------------------------------------------

    def on_bytes(self, data: bytes) -> None:
        self._buf += data
        while True:
            cut = min(
                (i for i in (self._buf.find(b"\r"), self._buf.find(b"\n")) if i >= 0), default=-1
            )
            if cut < 0:
                return
            line, self._buf = self._buf[:cut], self._buf[cut + 1 :]
            text = line.decode("ascii", "replace").strip()
            if text:
                self._command(text)

    def _command(self, text: str) -> None:
        with self._lock:
            self.commands.append(text)
            field = list(self.field)
        words = text.split()
        name, args = words[0], words[1:]
        if name == ".iv":
            if "-x" in args:
                self.params = dict(DEFAULTS)
            for i, flag in enumerate(args):
                value = args[i + 1] if i + 1 < len(args) else ""
                if flag == "-r":
                    self.params["rssi"] = value == "on"
                elif flag == "-o" and value.isdigit():
                    self.params["power"] = int(value)
            if "-n" in args:
                self._lines([f"CS: {text}", "OK:", ""])
            elif field:
                self._lines([f"CS: {text}", *self._tag_lines(field), "OK:", ""])
            else:
                self._lines([f"CS: {text}", "ME: No transponder found", "ER: 005", ""])
        elif name == ".vr":
            self._lines([f"CS: {text}", "US: 000000", "OK:", ""])
        else:
            self._lines([f"CS: {text}", "ER: 001", ""])


def main() -> None:  # pragma: no cover - demo entry point
    """Demo: a TSL handheld whose trigger is pulled every 2 s over 12 tags."""
    from drivers.emulators.rfid_r2000 import shelf

    logging.basicConfig(level=logging.INFO)
    tags = [(epc, rssi) for epc, rssi, _ in shelf(12)]
    with TslEmulator() as emulator:
        print(f"TSL reader at {emulator.url}  (Ctrl+C to stop)")
        try:
            while True:
                time.sleep(2.0)
                emulator.trigger(tags * 5)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
