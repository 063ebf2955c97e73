# SPDX-License-Identifier: Apache-2.0
"""Scripted readers for demos, training and tests: ``fake://`` and ``replay://``.

URL format:
    ``fake://?scans=A,B,C&interval=0.1`` delivers the listed scans in order, the first at
    once and then one every ``interval`` seconds. ``fake://`` alone is a connected scanner
    that never scans.
    ``replay://PATH?speed=1`` replays a station script file (``replay:///abs/scans.txt`` or
    ``replay://scans.txt`` relative to the working directory) with its ``@wait`` timing; see
    :mod:`drivers.scan_script` for the line grammar. Scan lines become events; ``@wait MS``
    delays the next scan; ``@device URL`` sets the ``source_url`` of the scans that follow;
    other directives (``@pin``, ``@qty`` ...) are for the workflow and are skipped.

options:
    ``fake://``: ``scans`` (the scans, separated by ``sep``; ``<GS>`` is the GS separator and a
    leading AIM identifier such as ``]C1`` is split off like a real scanner's), ``sep`` (``,``),
    ``interval`` (seconds between scans, 0).
    ``replay://``: ``speed`` (1; 2 replays twice as fast, 0 ignores the waits).
    Both: ``loop`` (0; 1 starts again after the last scan), ``disconnect_after`` (0; after
    every N scans the device reports disconnected for ``down_ms``) and ``down_ms`` (1000).

Threads: no thread of its own. Timing is computed from a monotonic clock set at ``open()``;
``read_event`` waits on an event that ``close()`` sets, so a blocked read returns at once when
the reader is closed. Safe to call from several threads.

Failure modes: a bad option raises :class:`~drivers.base.DeviceError` at construction; a
missing or unreadable replay file, or a script line with an error, raises it at ``open()``
with the line number.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from drivers.aim import split_aim, symbology_for_aim
from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.registry import DeviceUrl, register_scheme
from drivers.scan_script import decode_scan_text, parse_script_line

log = logging.getLogger(__name__)

Clock = Callable[[], float]

MIN_LOOP_PERIOD_S = 0.1
"""A looping script without any waits still takes this long per pass."""


class ScriptedReader:
    """Base of the scripted readers: a list of ``(offset_s, scan)`` played from ``open()``.

    Subclasses implement :meth:`_load`. Implements :class:`drivers.base.Reader`.
    """

    scheme: ClassVar[str] = "fake"
    kind: ClassVar[str] = "barcode"

    def __init__(self, parsed: DeviceUrl, *, clock: Clock = time.monotonic) -> None:
        self.url = parsed.url
        self.loop = parsed.flag("loop", False)
        self.disconnect_after = parsed.integer("disconnect_after", 0)
        self.down_s = parsed.number("down_ms", 1000) / 1000
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._closed.set()
        self._script: list[tuple[float, str, str]] = []
        self._period = 0.0
        self._t0 = 0.0
        self._next = 0

    def _load(self) -> tuple[list[tuple[float, str, str]], float]:
        """``(offset_s, scan, source_url)`` per scan, and the length of one pass."""
        raise NotImplementedError

    # -- timing -------------------------------------------------------------------------

    def _offset(self, i: int) -> float | None:
        """Seconds after ``open()`` when scan ``i`` is due; ``None`` past the end."""
        n = len(self._script)
        if n == 0 or (not self.loop and i >= n):
            return None
        offset = self._script[i % n][0] + (i // n) * self._period
        if self.disconnect_after:
            offset += (i // self.disconnect_after) * self.down_s
        return offset

    def _last_due(self, elapsed: float) -> int:
        """Index of the last scan due at ``elapsed`` (-1 for none); offsets never decrease."""

        def due(i: int) -> bool:
            offset = self._offset(i)
            return offset is not None and offset <= elapsed

        if not due(0):
            return -1
        lo, hi = 0, 1
        while due(hi):  # an upper bound that is not due (a looping script has no end)
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if due(mid) else (lo, mid)
        return lo

    def _down(self, elapsed: float) -> bool:
        if not self.disconnect_after:
            return False
        last = self._last_due(elapsed)
        if last < 0 or (last + 1) % self.disconnect_after:
            return False
        start = self._offset(last)
        return start is not None and elapsed < start + self.down_s

    # -- Reader interface ---------------------------------------------------------------

    def open(self) -> None:
        """Load the script and start the clock. Raises :class:`DeviceError` (replay file)."""
        script, period = self._load()
        with self._lock:
            self._script = script
            self._period = period
            self._t0 = self._clock()
            self._next = 0
            self._closed.clear()

    def close(self) -> None:
        """Stop; wakes a blocked :meth:`read_event`. Idempotent."""
        self._closed.set()

    def read_event(self, timeout: float) -> ScanEvent | None:
        """The next scan once it is due, waiting at most ``timeout`` s; ``None`` otherwise.

        ``timeout`` is measured in real time even when a test injects its own ``clock``.
        """
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            with self._lock:
                if self._closed.is_set():
                    return None
                now = self._clock()
                offset = self._offset(self._next)
                if offset is not None and self._t0 + offset <= now:
                    _, text, source = self._script[self._next % len(self._script)]
                    self._next += 1
                    return self._event(text, source, time.time() - (now - self._t0 - offset))
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if offset is not None:
                left = min(left, self._t0 + offset - now)
            if self._closed.wait(left):
                return None

    def _event(self, scan: str, source: str, ts: float) -> ScanEvent:
        aim, text = split_aim(scan)
        return ScanEvent(
            source_url=source,
            symbology=symbology_for_aim(aim),
            aim=aim,
            raw=scan.encode("utf-8"),
            text=text,
            ts=ts,
            kind=self.kind,
        )

    def is_connected(self) -> bool:
        """True while open and not inside a simulated disconnect."""
        with self._lock:
            if self._closed.is_set():
                return False
            return not self._down(self._clock() - self._t0)

    def status(self) -> DeviceStatus:
        """Closed, disconnected (simulated) or connected, with the scans left."""
        with self._lock:
            if self._closed.is_set():
                return DeviceStatus(DeviceState.CLOSED, "closed")
            if self._down(self._clock() - self._t0):
                return DeviceStatus(DeviceState.DISCONNECTED, "simulated disconnect")
            if self.loop:
                return DeviceStatus(DeviceState.CONNECTED, "looping script")
            left = max(0, len(self._script) - self._next)
            return DeviceStatus(DeviceState.CONNECTED, f"{left} scan(s) left")


class FakeReader(ScriptedReader):
    """``fake://?scans=A,B,C&interval=0.1``: scans listed in the URL."""

    scheme: ClassVar[str] = "fake"

    def __init__(self, url: str, *, clock: Clock = time.monotonic) -> None:
        parsed = DeviceUrl.parse(url)
        super().__init__(parsed, clock=clock)
        sep = parsed.text("sep", ",") or ","
        raw = parsed.text("scans", "")
        self.scans = [decode_scan_text(s) for s in raw.split(sep) if s] if raw else []
        self.interval = parsed.number("interval", 0.0)
        parsed.finish()
        if parsed.path not in ("", "/"):
            raise DeviceError(f"{url}: fake:// takes no path, only options", url=url)

    def _load(self) -> tuple[list[tuple[float, str, str]], float]:
        script = [(i * self.interval, s, self.url) for i, s in enumerate(self.scans)]
        period = max(len(self.scans) * self.interval, MIN_LOOP_PERIOD_S)
        return script, period


class ReplayReader(ScriptedReader):
    """``replay://PATH``: a station script file replayed with its ``@wait`` timing."""

    scheme: ClassVar[str] = "replay"

    def __init__(self, url: str, *, clock: Clock = time.monotonic) -> None:
        parsed = DeviceUrl.parse(url)
        super().__init__(parsed, clock=clock)
        self.speed = parsed.number("speed", 1.0)
        parsed.finish()
        if not parsed.path:
            raise DeviceError(f"{url}: no script file given (replay://scans.txt)", url=url)
        self.path = Path(parsed.path)

    def _load(self) -> tuple[list[tuple[float, str, str]], float]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DeviceError(
                f"cannot read the replay script {self.path}: {exc}", url=self.url
            ) from exc
        script: list[tuple[float, str, str]] = []
        clock = 0.0
        source = self.url
        for number, line in enumerate(lines, start=1):
            item = parse_script_line(line)
            if item is None:
                continue
            if item.kind == "error":
                raise DeviceError(f"{self.path}, line {number}: {item.message}", url=self.url)
            if item.kind == "scan":
                script.append((clock, item.text, source))
            elif item.name == "wait":
                clock += self._wait_seconds(item.args, number)
            elif item.name == "device":
                if len(item.args) != 1:
                    raise DeviceError(
                        f"{self.path}, line {number}: @device takes one URL", url=self.url
                    )
                source = item.args[0]
            else:
                log.debug("%s line %d: skipping @%s", self.path, number, item.name)
        return script, max(clock, MIN_LOOP_PERIOD_S)

    def _wait_seconds(self, args: tuple[str, ...], number: int) -> float:
        try:
            ms = float(args[0]) if len(args) == 1 else -1.0
        except ValueError:
            ms = -1.0
        if ms < 0:
            raise DeviceError(
                f"{self.path}, line {number}: @wait takes one number of milliseconds",
                url=self.url,
            )
        return 0.0 if self.speed == 0 else ms / 1000 / self.speed


register_scheme("fake", FakeReader)
register_scheme("replay", ReplayReader)
