# SPDX-License-Identifier: Apache-2.0
"""What the serial RFID drivers share: the port, the reader thread, reconnecting, rounds.

:class:`SerialRfidReader` implements :class:`drivers.base.Reader` for readers on a serial line
(USB-CDC, RS-232, Bluetooth SPP, TCP bridges through pyserial URLs). A protocol subclass
(:mod:`drivers.rfid_r2000`, :mod:`drivers.rfid_tsl`, :mod:`drivers.rfid_lines`) turns bytes
into tag reports, round marks and rejections, and says what to send after (re)connecting.

URL path: a device (``rfid+tsl:///dev/rfcomm0``, ``rfid+r2000://COM5``) or any pyserial URL
(``rfid+r2000://socket://10.0.0.7:4001``, ``rfid+lines://loop://``); options that are not the
driver's own are handed to pyserial with such a URL, and are an error with a device path.

Events: :meth:`~SerialRfidReader.read_event` returns one :class:`RfidTagEvent` (a
:class:`~drivers.base.ScanEvent` with ``kind="rfid"``, ``text`` = EPC hex, plus ``rssi``,
``antenna`` and ``pc``) per tag report, or with ``deliver=rounds`` one :class:`RfidRoundEvent`
per finished round. :meth:`~SerialRfidReader.read_round` returns finished
:class:`~drivers.rfid_rounds.ReadRound` objects whatever ``deliver`` says. Both queues are
bounded (``queue_max``): when nobody reads, the oldest entries are dropped and counted in
:attr:`~SerialRfidReader.dropped`.

Threads: one reader thread per open reader owns the port's reads, the parser and the
:class:`~drivers.rfid_rounds.RoundCollector`; writes (:meth:`~SerialRfidReader.write`) may
come from any thread. On a lost device the partial round is reported (``partial=True``), an
incomplete frame is rejected with a reason, and the port is reopened with capped exponential
back-off; the protocol's setup (power, antenna, inventory) is sent again after each reopen.
Callbacks (``on_reject(reason, raw)``, ``on_status(status)``, ``on_round(round)``) run on the
reader thread; exceptions they raise are logged and ignored. Timestamps are ``time.time()``.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self
from urllib.parse import urlencode

import serial

from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.registry import DeviceUrl
from drivers.rfid_rounds import ReadRound, RoundCollector, RoundConfig, TagReport, script_line
from drivers.serial_link import SerialLinkMixin

log = logging.getLogger(__name__)

__all__ = [
    "COMMON_OPTIONS",
    "LineSplitter",
    "Mark",
    "Reject",
    "RfidRoundEvent",
    "RfidTagEvent",
    "SerialRfidReader",
]

COMMON_OPTIONS = (
    "baud",
    "rssi_floor",
    "window_ms",
    "gap_ms",
    "min_reads",
    "deliver",
    "queue_max",
    "reconnect_ms",
    "reconnect_max_ms",
)
"""Options every serial RFID scheme takes (docs/devices/rfid.md)."""

RejectCallback = Callable[[str, bytes], None]
StatusCallback = Callable[[DeviceStatus], None]
RoundCallback = Callable[[ReadRound], None]


class RfidTagEvent(ScanEvent, frozen=True):
    """One tag report as a :class:`~drivers.base.ScanEvent` (``kind="rfid"``, text = EPC)."""

    rssi: float | None = None
    antenna: int | None = None
    pc: int | None = None


class RfidRoundEvent(ScanEvent, frozen=True):
    """A finished round as a :class:`~drivers.base.ScanEvent` (``deliver=rounds``).

    ``text`` is the round's EPCs separated by spaces; ``raw`` its ``@rfid`` script line.
    """

    round: ReadRound | None = None


@dataclass(frozen=True)
class Reject:
    """Input the protocol refused, and why."""

    reason: str
    raw: bytes


@dataclass(frozen=True)
class Mark:
    """A round boundary the reader announced: ``"begin"`` or ``"end"``."""

    kind: str
    reason: str = ""


Item = TagReport | Reject | Mark


class LineSplitter:
    """Cuts bytes into lines at CR, LF or CR LF; empty lines are skipped. Single-threaded.

    A line longer than ``max_len`` is rejected (and the rest of it up to the next line end
    dropped); an unterminated line quiet for ``partial_s`` seconds is rejected by ``poll``.
    """

    def __init__(self, *, max_len: int = 1024, partial_s: float = 1.0) -> None:
        self.max_len = max_len
        self.partial_s = partial_s
        self._buf = bytearray()
        self._last = 0.0
        self._skipping = False

    def feed(self, data: bytes, now: float) -> list[bytes | Reject]:
        out: list[bytes | Reject] = []
        self._last = now
        self._buf += data
        buf = self._buf
        start = 0
        n = len(buf)
        for i in range(n):
            if buf[i] in (0x0D, 0x0A):
                if i > start and not self._skipping:
                    out.append(bytes(buf[start:i]))
                self._skipping = False
                start = i + 1
        del buf[:start]
        if len(buf) > self.max_len:
            if not self._skipping:
                out.append(Reject(f"over-long line (more than {self.max_len} bytes)", bytes(buf)))
            self._skipping = True
            buf.clear()
        return out

    def poll(self, now: float) -> list[Reject]:
        if self._buf and self.partial_s > 0 and now - self._last > self.partial_s:
            raw = bytes(self._buf)
            self._buf.clear()
            return [Reject(f"incomplete line: no line end within {self.partial_s:g} s", raw)]
        return []

    def discard(self, reason: str) -> Reject | None:
        self._skipping = False
        if not self._buf:
            return None
        raw = bytes(self._buf)
        self._buf.clear()
        return Reject(reason, raw)


class _Bounded:
    """A bounded FIFO with a blocking ``get``; the oldest entry goes when it is full."""

    def __init__(self, maxlen: int) -> None:
        self._items: collections.deque[Any] = collections.deque(maxlen=maxlen)
        self._cond = threading.Condition()
        self.dropped = 0

    def put(self, item: Any) -> None:
        with self._cond:
            if len(self._items) == self._items.maxlen:
                self.dropped += 1
            self._items.append(item)
            self._cond.notify()

    def get(self, timeout: float) -> Any:
        with self._cond:
            self._cond.wait_for(lambda: bool(self._items), max(0.0, timeout))
            return self._items.popleft() if self._items else None


class SerialRfidReader(SerialLinkMixin):
    """Base of the serial RFID drivers; see the module docstring.

    Subclasses set ``scheme`` and ``default_baud`` and implement :meth:`_configure` (read
    their URL options), :meth:`_feed`, :meth:`_idle`, :meth:`_discard` and
    :meth:`_on_connect`; they may override :meth:`_tick` (periodic work on the reader thread).
    Construction validates the URL (raises :class:`DeviceError`) and opens nothing.
    """

    thread_label = "rfid"

    scheme: ClassVar[str] = ""
    kind: ClassVar[str] = "rfid"
    default_baud: ClassVar[int] = 115200
    default_gap_ms: ClassVar[float] = 500.0

    def __init__(
        self,
        url: str,
        *,
        on_reject: RejectCallback | None = None,
        on_status: StatusCallback | None = None,
        on_round: RoundCallback | None = None,
    ) -> None:
        parsed = DeviceUrl.parse(url)
        if parsed.scheme != self.scheme:
            raise DeviceError(f"{url}: not an {self.scheme}:// URL", url=url)
        if not parsed.path:
            raise DeviceError(
                f"{url}: no port given ({self.scheme}:///dev/ttyUSB0, {self.scheme}://COM5 "
                f"or a pyserial URL such as {self.scheme}://socket://host:4001)",
                url=url,
            )
        self.url = url
        self.on_reject = on_reject
        self.on_status = on_status
        self.on_round = on_round
        self.baud = parsed.integer("baud", self.default_baud, minimum=1)
        floor = parsed.text("rssi_floor", "").strip()
        self.rounds = RoundConfig(
            rssi_floor=None if floor == "" else parsed.number("rssi_floor", 0, minimum=-200),
            window_s=parsed.number("window_ms", 0) / 1000,
            gap_s=parsed.number("gap_ms", self.default_gap_ms, minimum=1) / 1000,
            min_reads=parsed.integer("min_reads", 1, minimum=1),
        )
        self.deliver = parsed.choice("deliver", "tags", ["tags", "rounds"])
        queue_max = parsed.integer("queue_max", 10000, minimum=1)
        self.reconnect_s = parsed.number("reconnect_ms", 100, minimum=1) / 1000
        self.reconnect_max_s = max(
            self.reconnect_s, parsed.number("reconnect_max_ms", 5000, minimum=1) / 1000
        )
        self._configure(parsed)
        if "://" in parsed.path:
            rest = parsed.unused()
            self.port_url = parsed.path + (f"?{urlencode(rest)}" if rest else "")
        else:
            parsed.finish()
            self.port_url = parsed.path
        self._events = _Bounded(queue_max)
        self._rounds = _Bounded(max(16, queue_max // 100))
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._status = DeviceStatus(DeviceState.CLOSED, "not opened")
        self._reconnects = 0
        self._rejects = 0

    # -- subclass hooks -------------------------------------------------------------------

    def _configure(self, parsed: DeviceUrl) -> None:
        """Read the scheme's own options (raise :class:`DeviceError` for bad ones)."""

    def _feed(self, data: bytes, now: float) -> list[Item]:
        """Bytes received -> reports, marks and rejections, in stream order."""
        raise NotImplementedError

    def _idle(self, now: float) -> list[Item]:
        """Called when a read timed out without data (stale partial input)."""
        return []

    def _complete(self) -> list[Item]:
        """At a disconnect: reports received whole but held back (a TSL ``EP:`` line waiting
        for its ``RI:``); they count in the partial round."""
        return []

    def _discard(self) -> Reject | None:
        """Drop partial input at a disconnect."""
        return None

    def _on_connect(self) -> None:
        """Send the setup after every (re)connect (via :meth:`write`)."""

    def _tick(self, now: float) -> None:
        """Periodic work on the reader thread (resend an inventory command...)."""

    # -- Reader interface -----------------------------------------------------------------

    @classmethod
    def from_url(cls, url: str) -> Self:
        """Registry factory: an unopened reader for ``url``."""
        return cls(url)

    def read_event(self, timeout: float) -> ScanEvent | None:
        """The next tag report (or round, with ``deliver=rounds``); ``None`` after ``timeout``."""
        event: ScanEvent | None = self._events.get(timeout)
        return event

    def read_round(self, timeout: float) -> ReadRound | None:
        """The next finished round, waiting at most ``timeout`` seconds. Any thread."""
        found: ReadRound | None = self._rounds.get(timeout)
        return found

    @property
    def dropped(self) -> int:
        """Events and rounds dropped because nobody read them (``queue_max``)."""
        return self._events.dropped + self._rounds.dropped

    # -- reader thread --------------------------------------------------------------------

    def _open_port(self) -> serial.SerialBase:
        try:
            return serial.serial_for_url(self.port_url, baudrate=self.baud, timeout=0.05)
        except (OSError, ValueError, serial.SerialException) as exc:
            raise DeviceError(f"cannot open {self.url}: {exc}", url=self.url) from exc

    def _reject(self, item: Reject) -> None:
        self._refuse(item.reason, item.raw)

    def _finished(self, finished: ReadRound | None) -> None:
        if finished is None:
            return
        self._rounds.put(finished)
        if self.deliver == "rounds":
            line = script_line(finished)
            self._events.put(
                RfidRoundEvent(
                    source_url=self.url,
                    symbology=None,
                    aim=None,
                    raw=line.encode("ascii", "replace"),
                    text=" ".join(finished.epcs()),
                    ts=finished.ended,
                    kind=self.kind,
                    round=finished,
                )
            )
        if self.on_round is not None:
            try:
                self.on_round(finished)
            except Exception:
                log.exception("%s: on_round callback failed", self.url)

    def _handle(self, items: list[Item], collector: RoundCollector, now: float) -> None:
        tags = self.deliver == "tags"
        put = self._events.put
        for item in items:
            if type(item) is TagReport:
                self._finished(collector.add(item))
                if tags:
                    put(
                        RfidTagEvent(
                            self.url,
                            None,
                            None,
                            item.epc.encode("ascii"),
                            item.epc,
                            item.ts,
                            self.kind,
                            item.rssi,
                            item.antenna,
                            item.pc,
                        )  # fmt: skip
                    )
            elif isinstance(item, Reject):
                self._reject(item)
            elif isinstance(item, Mark):
                if item.kind == "begin":
                    self._finished(collector.begin(now))
                else:
                    self._finished(collector.end(now, "end"))

    def _run(self) -> None:
        collector = RoundCollector(self.rounds, source_url=self.url)
        self._safe_connect()
        while not self._stop.is_set():
            with self._lock:
                port = self._port
            if port is None:
                if not self._reconnect():
                    break
                continue
            try:
                data = port.read(max(1, port.in_waiting))
            except (OSError, serial.SerialException, TypeError, AttributeError) as exc:
                # TypeError/AttributeError: pyserial objects closed under our feet.
                if self._stop.is_set():
                    break
                self._lost(collector, exc)
                continue
            now = time.time()
            self._handle(self._feed(data, now) if data else self._idle(now), collector, now)
            self._finished(collector.poll(now))
            self._tick(now)
        self._finished(collector.end(time.time(), "closed", partial=True))

    def _safe_connect(self) -> None:
        try:
            self._on_connect()
        except DeviceError as exc:
            log.warning("%s: setup failed: %s", self.url, exc)

    def _lost(self, collector: RoundCollector, exc: BaseException) -> None:
        self._handle(self._complete(), collector, time.time())
        lost = self._discard()
        if lost is not None:
            self._reject(lost)
        self._finished(collector.end(time.time(), "disconnected", partial=True))
        self._close_port()
        self._set_status(DeviceState.DISCONNECTED, f"device lost ({exc}); reconnecting")

    def _after_reconnect(self) -> None:
        self._safe_connect()  # the reader's settings are gone with the power
