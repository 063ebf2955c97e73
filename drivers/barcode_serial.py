# SPDX-License-Identifier: Apache-2.0
"""Barcode scanners on a serial line (RS-232, USB-CDC/COM, TCP serial bridges), via pyserial.

URL format:
    ``serial://PORT?options`` where PORT is a device path or name
    (``serial:///dev/ttyACM0?baud=9600&suffix=cr``, ``serial://COM4?baud=115200``).
    pyserial URLs are accepted as they are and served by the same driver: ``loop://``,
    ``socket://host:port``, ``hwgrep://REGEXP``, ``spy://PORT``, ``rfc2217://host:port``.
    The options below are taken out of the query; whatever is left (``spy://...?file=``,
    ``loop://?logging=debug``) is handed to ``serial.serial_for_url``.

options:
    ``baud`` (9600), ``bytesize`` (8), ``parity`` (``N``/``E``/``O``/``M``/``S``, default ``N``),
    ``stopbits`` (1, 1.5, 2): line settings.
    ``suffix``: what ends one scan: ``cr`` (default), ``lf``, ``crlf``, ``tab``, ``etx``, or
    ``none`` (a scan ends after ``gap_ms`` of silence). With ``cr`` a following LF and with
    ``lf`` a preceding CR are tolerated, so a scanner sending CR LF works with either.
    ``prefix``: a user prefix every scan starts with (percent-encoded, e.g. ``%02`` for STX);
    it is stripped, and a frame without it is rejected. Empty (default) means none.
    ``aim``: ``auto`` (default: strip and use an AIM identifier such as ``]C1`` when present),
    ``on`` (required: frames without one are rejected), ``off`` (never parsed).
    ``encoding`` (``utf-8``): how bytes become text; undecodable frames are rejected.
    ``gap_ms`` (50): silence that ends a scan when ``suffix=none``.
    ``partial_ms`` (1000): a partial line older than this is discarded (0 keeps it forever).
    ``max_len`` (8192): longer frames are rejected.
    ``reconnect_ms`` (100) and ``reconnect_max_ms`` (5000): first and largest delay between
    reopen attempts after the device went away; the delay doubles after each failure.

Framing and rejection: one terminated line is one :class:`~drivers.base.ScanEvent`. A frame
becomes an event only if it has the configured prefix, decodes, has no control characters other
than GS, RS and EOT (noise, NUL from framing errors and wrong-baud garbage fail here), is not
empty and fits ``max_len``. Rejected frames are logged with their reason and passed to the
``on_reject(reason, raw)`` callback; they never become events.

Threads: :class:`SerialScanner` owns one reader thread per open device; it frames input, fills
a ``queue.Queue`` and reconnects by itself after an unplug (exponential back-off, capped). A
partial line at a disconnect is discarded with a logged reason, never delivered half; complete
lines are delivered exactly once.
"""

from __future__ import annotations

import codecs
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode

import serial

from drivers.aim import split_aim, symbology_for_aim
from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.registry import DeviceUrl, register_scheme
from drivers.serial_link import SerialLinkMixin

log = logging.getLogger(__name__)

SUFFIXES: dict[str, bytes] = {
    "cr": b"\r",
    "lf": b"\n",
    "crlf": b"\r\n",
    "tab": b"\t",
    "etx": b"\x03",
    "none": b"",
}
"""Suffix option names and the bytes that end a scan."""

PASS_THROUGH_SCHEMES = ("loop", "socket", "hwgrep", "spy", "rfc2217")
"""pyserial URL schemes served by this driver (the URL goes to ``serial_for_url``)."""

ALLOWED_CONTROLS = frozenset("\x1d\x1e\x04")
"""Control characters that are scan content: GS, RS and EOT (ISO/IEC 15434 envelopes)."""

DEVICE_IDS: dict[int, str] = {
    0x0C2E: "Honeywell (Metrologic / Hand Held Products)",
    0x05E0: "Zebra (Symbol)",
    0x05F9: "Datalogic",
    0x1EAB: "Newland",
}
"""USB vendor IDs of barcode scanner makers; discovery marks such serial ports as scanners."""

RejectCallback = Callable[[str, bytes], None]
StatusCallback = Callable[[DeviceStatus], None]


@dataclass(frozen=True)
class Rejected:
    """A frame that will not become an event, and why."""

    reason: str
    raw: bytes


@dataclass(frozen=True)
class FramingConfig:
    """How bytes are cut into frames; see the module ``options``."""

    suffix: str = "cr"
    gap_s: float = 0.05
    partial_s: float = 1.0
    max_len: int = 8192


class LineFramer:
    """Cuts a byte stream into frames. Pure and single-threaded (the reader thread owns it).

    ``feed`` and ``poll`` take a monotonic ``now`` in seconds and return, in stream order,
    complete frames (``bytes``, terminator removed) and :class:`Rejected` items.
    """

    def __init__(self, config: FramingConfig) -> None:
        self.config = config
        self._term = SUFFIXES[config.suffix]
        self._buf = bytearray()
        self._last = 0.0
        self._skipping = False  # inside an over-long line, dropping until the next terminator

    @property
    def pending(self) -> bytes:
        """Bytes of the current incomplete frame."""
        return bytes(self._buf)

    def feed(self, data: bytes, now: float) -> list[bytes | Rejected]:
        """Add received bytes; return what they completed."""
        out: list[bytes | Rejected] = []
        if not data:
            return out
        if not self._term:
            if self._buf and now - self._last > self.config.gap_s:
                out.extend(self._emit(bytes(self._buf)))
                self._buf.clear()
            self._buf.extend(data)
            self._last = now
            out.extend(self._check_length())
            return out
        self._buf.extend(data)
        self._last = now
        while True:
            idx = self._buf.find(self._term)
            if idx < 0:
                break
            frame = bytes(self._buf[:idx])
            del self._buf[: idx + len(self._term)]
            if self._skipping:
                self._skipping = False
                continue
            out.extend(self._emit(frame))
        out.extend(self._check_length())
        return out

    def poll(self, now: float) -> list[bytes | Rejected]:
        """Apply timeouts when no data came: the idle gap (``suffix=none``), stale partials."""
        if not self._buf:
            return []
        idle = now - self._last
        if not self._term:
            if idle > self.config.gap_s:
                frame = bytes(self._buf)
                self._buf.clear()
                return self._emit(frame)
            return []
        if self.config.partial_s > 0 and idle > self.config.partial_s:
            reason = (
                f"incomplete line: no {self.config.suffix} suffix within "
                f"{self.config.partial_s:g} s (line noise, or a wrong suffix setting?)"
            )
            return [self._take_partial(reason)]
        return []

    def discard(self, reason: str) -> Rejected | None:
        """Drop the incomplete frame (at a disconnect); ``None`` if there was none."""
        if not self._buf and not self._skipping:
            return None
        return self._take_partial(reason)

    def _take_partial(self, reason: str) -> Rejected:
        raw = bytes(self._buf)
        self._buf.clear()
        self._skipping = False
        return Rejected(reason, raw)

    def _check_length(self) -> list[bytes | Rejected]:
        if len(self._buf) <= self.config.max_len:
            return []
        raw = bytes(self._buf)
        self._buf.clear()
        if self._skipping:
            return []
        self._skipping = bool(self._term)
        return [Rejected(f"over-long line (more than {self.config.max_len} bytes)", raw)]

    def _emit(self, frame: bytes) -> list[bytes | Rejected]:
        suffix = self.config.suffix
        if suffix == "cr" and frame.startswith(b"\n"):
            frame = frame[1:]
        elif suffix == "lf" and frame.endswith(b"\r"):
            frame = frame[:-1]
        if not frame:
            return []
        if len(frame) > self.config.max_len:
            return [Rejected(f"over-long line (more than {self.config.max_len} bytes)", frame)]
        return [frame]


def _control_reason(text: str) -> str | None:
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch in ALLOWED_CONTROLS or not (code < 0x20 or 0x7F <= code <= 0x9F):
            continue
        if code == 0:
            return f"NUL byte at position {i} (framing error or wrong baud rate?)"
        return f"control character 0x{code:02x} at position {i} (line noise?)"
    return None


def interpret_frame(
    frame: bytes, *, prefix: bytes = b"", aim: str = "auto", encoding: str = "utf-8"
) -> tuple[str | None, str] | Rejected:
    """Check one frame and split it into ``(aim_id, text)``; :class:`Rejected` if it is garbage.

    Pure; never raises. ``aim`` is the ``aim`` option (``auto``, ``on``, ``off``).
    """
    body = frame
    if prefix:
        if not frame.startswith(prefix):
            return Rejected(f"missing prefix {prefix!r} (partial or foreign frame)", frame)
        body = frame[len(prefix) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = body[exc.start]
        return Rejected(
            f"undecodable byte 0x{bad:02x} at position {exc.start} as {encoding} "
            f"(wrong baud rate or encoding?)",
            frame,
        )
    reason = _control_reason(text)
    if reason is not None:
        return Rejected(reason, frame)
    aim_id: str | None = None
    if aim != "off":
        aim_id, text = split_aim(text)
        if aim_id is None and aim == "on":
            return Rejected("no AIM symbology identifier (aim=on)", frame)
    if not text:
        return Rejected("empty scan", frame)
    return aim_id, text


def _pyserial_url(parsed: DeviceUrl) -> str:
    """The URL or port name to give pyserial, without the options this driver consumed."""
    if parsed.scheme == "serial":
        return parsed.path
    rest = parsed.unused()
    query = f"?{urlencode(rest)}" if rest else ""
    return f"{parsed.scheme}://{parsed.raw_path}{query}"


class SerialScanner(SerialLinkMixin):
    """A serial barcode scanner; implements :class:`drivers.base.Reader`.

    Construction parses and validates the URL (raises :class:`DeviceError`) and opens nothing.
    ``on_reject(reason, raw)`` and ``on_status(status)`` run on the reader thread (the status
    set by ``open()`` and ``close()`` on the caller's thread); exceptions they raise are logged
    and ignored. All public methods are thread-safe. Events left unread at ``close()`` stay
    in the queue.
    """

    thread_label = "scanner"

    scheme: ClassVar[str] = "serial"
    kind: ClassVar[str] = "barcode"

    def __init__(
        self,
        url: str,
        *,
        on_reject: RejectCallback | None = None,
        on_status: StatusCallback | None = None,
    ) -> None:
        parsed = DeviceUrl.parse(url)
        if parsed.scheme != "serial" and parsed.scheme not in PASS_THROUGH_SCHEMES:
            raise DeviceError(f"{url}: not a serial scanner URL", url=url)
        if parsed.scheme == "serial" and not parsed.path:
            raise DeviceError(
                f"{url}: no port given (serial:///dev/ttyACM0 or serial://COM4)", url=url
            )
        self.url = url
        self.on_reject = on_reject
        self.on_status = on_status
        self._serial_kwargs: dict[str, Any] = {
            "baudrate": parsed.integer("baud", 9600, minimum=1),
            "bytesize": int(parsed.choice("bytesize", "8", ["5", "6", "7", "8"])),
            "parity": parsed.choice("parity", "n", ["n", "e", "o", "m", "s"]).upper(),
            "stopbits": float(parsed.choice("stopbits", "1", ["1", "1.5", "2"])),
        }
        if self._serial_kwargs["stopbits"] != 1.5:
            self._serial_kwargs["stopbits"] = int(self._serial_kwargs["stopbits"])
        self.framing = FramingConfig(
            suffix=parsed.choice("suffix", "cr", SUFFIXES),
            gap_s=parsed.number("gap_ms", 50, minimum=1) / 1000,
            partial_s=parsed.number("partial_ms", 1000) / 1000,
            max_len=parsed.integer("max_len", 8192, minimum=1),
        )
        self.prefix = parsed.text("prefix", "").encode("utf-8")
        self.aim_mode = parsed.choice("aim", "auto", ["auto", "on", "off"])
        self.encoding = parsed.text("encoding", "utf-8")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise DeviceError(f"{url}: unknown encoding {self.encoding!r}", url=url) from None
        self.reconnect_s = parsed.number("reconnect_ms", 100, minimum=1) / 1000
        self.reconnect_max_s = max(
            self.reconnect_s, parsed.number("reconnect_max_ms", 5000, minimum=1) / 1000
        )
        if parsed.scheme == "serial":
            parsed.finish()
        self.port_url = _pyserial_url(parsed)
        self._events: queue.Queue[ScanEvent] = queue.Queue()
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._port: serial.SerialBase | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._status = DeviceStatus(DeviceState.CLOSED, "not opened")
        self._reconnects = 0
        self._rejects = 0

    @classmethod
    def from_url(cls, url: str) -> SerialScanner:
        """Registry factory: an unopened scanner for ``url``."""
        return cls(url)

    # -- Reader interface ---------------------------------------------------------------

    def read_event(self, timeout: float) -> ScanEvent | None:
        """Pop the next scan, waiting at most ``timeout`` seconds. Any thread."""
        try:
            return self._events.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None

    # -- reader thread ------------------------------------------------------------------

    def _open_port(self) -> serial.SerialBase:
        poll = min(0.05, self.framing.gap_s / 2) if self.framing.suffix == "none" else 0.05
        try:
            return serial.serial_for_url(self.port_url, timeout=poll, **self._serial_kwargs)
        except (OSError, ValueError, serial.SerialException) as exc:
            raise DeviceError(f"cannot open {self.url}: {exc}", url=self.url) from exc

    def _reject(self, item: Rejected) -> None:
        self._refuse(item.reason, item.raw)

    def _deliver(self, items: list[bytes | Rejected]) -> None:
        for item in items:
            if isinstance(item, Rejected):
                self._reject(item)
                continue
            result = interpret_frame(
                item, prefix=self.prefix, aim=self.aim_mode, encoding=self.encoding
            )
            if isinstance(result, Rejected):
                self._reject(result)
                continue
            aim_id, text = result
            self._events.put(
                ScanEvent(
                    source_url=self.url,
                    symbology=symbology_for_aim(aim_id),
                    aim=aim_id,
                    raw=item,
                    text=text,
                    ts=time.time(),
                    kind=self.kind,
                )
            )

    def _run(self) -> None:
        framer = LineFramer(self.framing)
        while not self._stop.is_set():
            with self._lock:
                port = self._port
            if port is None:
                if not self._reconnect():
                    return
                continue
            try:
                data = port.read(max(1, port.in_waiting))
            except (OSError, serial.SerialException, TypeError, AttributeError) as exc:
                # TypeError/AttributeError: pyserial objects closed under our feet.
                if self._stop.is_set():
                    return
                lost = framer.discard("partial line discarded: device disconnected mid-scan")
                if lost is not None:
                    self._reject(lost)
                self._close_port()
                self._set_status(DeviceState.DISCONNECTED, f"device lost ({exc}); reconnecting")
                continue
            now = time.monotonic()
            self._deliver(framer.feed(data, now) if data else framer.poll(now))


def _factory(url: str) -> SerialScanner:
    return SerialScanner.from_url(url)


register_scheme("serial", _factory)
for _scheme in PASS_THROUGH_SCHEMES:
    register_scheme(_scheme, _factory)
