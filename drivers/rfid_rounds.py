# SPDX-License-Identifier: Apache-2.0
"""Read rounds: turn a stream of RFID tag reports into a clean list of the tags that are there.

A reader reports the same tag dozens of times a second, mixed with tags from the next shelf.
:class:`RoundCollector` deduplicates by EPC (read count, first and last seen, best RSSI and the
antenna it was seen on) and cuts the stream into :class:`ReadRound` objects:

- A round opens with its first accepted read, or with a *begin* mark from the driver (a TSL
  trigger pull, ``CS: .iv``). A round opened by a begin mark is *bounded*: it lasts until
  the matching end mark.
- It closes at an *end* mark (``OK:``/``ER:`` of a TSL inventory), after ``gap_s`` without an
  accepted read, when the device is lost (``partial=True``), or when :meth:`RoundCollector.end`
  is called.
- ``window_s`` (0: none) limits a round to its first ``window_s`` seconds. In a bounded round,
  later reads are counted as ``late`` and left out (the reader was turned to the next shelf
  while the trigger was held); in an unbounded one (a desk reader inventorying without end)
  the round closes at the window and the next read starts a new round.
- ``rssi_floor`` (dBm, ``None``: none) drops weaker reads, counted as ``below_floor``; they
  neither open a round nor keep one open. Reads without an RSSI (line-mode readers) pass.
- ``min_reads`` leaves out tags read fewer times (counted as ``sparse``).

Rounds without any accepted read are not reported. Times are whatever clock the caller
passes (the drivers use ``time.time()``), in seconds.

:func:`round_reads` turns a round into ``(epc, best_rssi, antenna)`` tuples, which is what the
station's ``RfidRound`` input holds; :func:`script_line` writes the ``@rfid`` line of a scan
script for it.

Threads: a collector is not thread-safe; one thread (a driver's reader thread, or the
consumer's) owns it. Rounds and summaries are immutable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "ReadRound",
    "RoundCollector",
    "RoundConfig",
    "TagReport",
    "TagSummary",
    "round_reads",
    "script_line",
]


class TagReport(NamedTuple):
    """One read of one tag, as a reader reported it.

    ``epc`` is upper-case hex; ``rssi`` in dBm (``None`` when the reader gives none);
    ``antenna`` numbered from 1 (``None``: unknown); ``ts`` when it was read (seconds);
    ``pc`` the tag's protocol-control word when the reader gave it.
    """

    epc: str
    rssi: float | None
    antenna: int | None
    ts: float
    pc: int | None = None


@dataclass(frozen=True)
class RoundConfig:
    """How rounds are cut and filtered; see the module docstring."""

    rssi_floor: float | None = None
    window_s: float = 0.0
    gap_s: float = 0.5
    min_reads: int = 1


@dataclass(frozen=True)
class TagSummary:
    """One tag of a round: how often, when, and how strongly it was read."""

    epc: str
    count: int
    first_seen: float
    last_seen: float
    best_rssi: float | None
    antenna: int | None
    antennas: tuple[int, ...]


@dataclass(frozen=True)
class ReadRound:
    """A finished round. ``tags`` are in the order they were first seen.

    ``reason`` is why it ended: ``"end"`` (the reader's end mark), ``"gap"``, ``"window"``,
    ``"disconnected"`` or ``"closed"`` (the reader was closed) or ``"manual"``; ``partial``
    is True when the round was cut short by the device going away. ``reads`` counts the
    accepted reads, ``below_floor`` and ``late`` the reads left out by the RSSI floor and the
    time window, ``sparse`` the tags left out by ``min_reads``.
    """

    tags: tuple[TagSummary, ...]
    started: float
    ended: float
    reason: str
    partial: bool
    reads: int
    below_floor: int = 0
    late: int = 0
    sparse: int = 0
    source_url: str = ""

    def epcs(self) -> list[str]:
        """The EPCs of the round, first seen first."""
        return [tag.epc for tag in self.tags]


class _Acc:
    __slots__ = ("antenna", "antennas", "best", "count", "first", "last")

    def __init__(self, ts: float, rssi: float | None, antenna: int | None) -> None:
        self.count = 1
        self.first = self.last = ts
        self.best = rssi
        self.antenna = antenna
        self.antennas: set[int] = set() if antenna is None else {antenna}


class RoundCollector:
    """Deduplicates tag reports into rounds; see the module docstring. Single-threaded."""

    def __init__(self, config: RoundConfig | None = None, *, source_url: str = "") -> None:
        self.config = config or RoundConfig()
        self.source_url = source_url
        self._tags: dict[str, _Acc] = {}
        self._open = False
        self._bounded = False
        self._start = 0.0
        self._last = 0.0
        self._reads = 0
        self._below = 0
        self._late = 0

    def begin(self, now: float) -> ReadRound | None:
        """A begin mark (trigger pulled): open a bounded round. Returns a round it closed."""
        closed = self._close(now, "end") if self._open else None
        self._reset(now)
        self._open = True
        self._bounded = True
        return closed

    def add(self, report: TagReport) -> ReadRound | None:
        """Take one read; returns the previous round when this read closed it (window)."""
        rssi = report.rssi
        floor = self.config.rssi_floor
        if floor is not None and rssi is not None and rssi < floor:
            self._below += 1
            return None
        ts = report.ts
        closed = None
        if not self._open:
            self._reset(ts)
            self._open = True
        else:
            window = self.config.window_s
            if window > 0 and ts - self._start > window:
                if self._bounded:
                    self._late += 1
                    return None
                closed = self._close(self._start + window, "window")
                self._reset(ts)
                self._open = True
        self._last = ts
        self._reads += 1
        acc = self._tags.get(report.epc)
        if acc is None:
            self._tags[report.epc] = _Acc(ts, rssi, report.antenna)
            return closed
        acc.count += 1
        acc.last = ts
        if rssi is not None and (acc.best is None or rssi > acc.best):
            acc.best = rssi
            acc.antenna = report.antenna
        if report.antenna is not None:
            acc.antennas.add(report.antenna)
        return closed

    def end(self, now: float, reason: str = "manual", *, partial: bool = False) -> ReadRound | None:
        """Close the open round (an end mark, a disconnect, a close); ``None`` if none/empty."""
        if not self._open:
            return None
        return self._close(now, reason, partial=partial)

    def poll(self, now: float) -> ReadRound | None:
        """Apply the quiet gap and the window of an unbounded round; call when idle."""
        if not self._open:
            return None
        if self._reads and now - self._last >= self.config.gap_s:
            return self._close(now, "gap")
        if not self._reads and self._bounded and now - self._start >= self.config.gap_s * 4:
            return self._close(now, "gap")  # a begin mark never followed by reads or an end
        window = self.config.window_s
        if window > 0 and not self._bounded and now - self._start > window:
            return self._close(self._start + window, "window")
        return None

    def _reset(self, now: float) -> None:
        self._tags = {}
        self._start = self._last = now
        self._reads = self._below = self._late = 0
        self._bounded = False

    def _close(self, now: float, reason: str, *, partial: bool = False) -> ReadRound | None:
        self._open = False
        if not self._reads:
            self._reset(now)
            return None
        minimum = self.config.min_reads
        tags = tuple(
            TagSummary(
                epc=epc,
                count=acc.count,
                first_seen=acc.first,
                last_seen=acc.last,
                best_rssi=acc.best,
                antenna=acc.antenna,
                antennas=tuple(sorted(acc.antennas)),
            )
            for epc, acc in self._tags.items()
            if acc.count >= minimum
        )
        result = ReadRound(
            tags=tags,
            started=self._start,
            ended=max(now, self._last),
            reason=reason,
            partial=partial,
            reads=self._reads,
            below_floor=self._below,
            late=self._late,
            sparse=len(self._tags) - len(tags),
            source_url=self.source_url,
        )
        self._reset(now)
        return result


def round_reads(finished: ReadRound) -> list[tuple[str, float | None, int | None]]:
    """``(epc, best_rssi, antenna)`` per tag, first seen first: what ``RfidRound`` needs.

    Pure; the station builds ``RfidRound(reads=tuple(RfidRead(*t) for t in ...))`` from it.
    """
    return [(tag.epc, tag.best_rssi, tag.antenna) for tag in finished.tags]


def script_line(reads: ReadRound | list[tuple[str, float | None, int | None]]) -> str:
    """The ``@rfid EPC[:RSSI[:ANTENNA]] ...`` scan-script line of a round (docs/scripts.md)."""
    items = round_reads(reads) if isinstance(reads, ReadRound) else reads
    tokens = []
    for epc, rssi, antenna in items:
        token = epc
        if rssi is not None or antenna is not None:
            token += f":{'' if rssi is None else format(rssi, 'g')}"
        if antenna is not None:
            token += f":{antenna}"
        tokens.append(token)
    return "@rfid " + " ".join(tokens)
