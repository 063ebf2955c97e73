# SPDX-License-Identifier: Apache-2.0
"""Keyboard-wedge scanners read directly from Linux input devices (``evdev://``).

A USB-HID scanner in keyboard mode is an input device (``/dev/input/eventN``). Reading it
through evdev, with the device *grabbed*, means its keystrokes never land in any window (not
even the station's), and no timing guesswork is needed: every key on that device is the
scanner's. Needs python-evdev (``pip install evdev``, Linux only), imported when a device is
opened; without it ``open()`` raises :class:`~drivers.base.DeviceError` saying so.

URL format:
    ``evdev:///dev/input/by-id/usb-Honeywell_Scanner-event-kbd?grab=1`` (a stable path:
    ``/dev/input/by-id/...`` survives replugging, ``eventN`` numbers do not), or
    ``evdev://?name=Honeywell`` for the first input device whose name contains the text
    (case-insensitive).

options:
    ``grab`` (1): take the device exclusively while open (its keys reach no window).
    ``name``: find the device by name instead of by path.
    ``terminators`` (``enter``): comma-separated keys that end a scan (``enter``, ``tab``).
    ``gs`` (``ctrl+],alt+29``): the keys the scanner sends for the GS separator, as in the
    keyboard wedge (``docs/devices/wedge.md``): ``ctrl+]``, ``alt+29`` (Alt + keypad 0 0 2 9),
    a function key such as ``F8``, or one character.
    ``partial_ms`` (1000): keys with no terminator this long are discarded (logged).
    ``reconnect_ms`` (200) and ``reconnect_max_ms`` (5000): back-off when the device is gone.

Keys are turned into characters with a US keyboard layout (program the scanner for "USA"
keyboard); Shift and Caps Lock are honoured. AIM identifiers at the start of a scan are split
off as by the serial driver. A scan's ``raw`` is its text as UTF-8 (there are no bytes on a
keyboard).

Threads: one reader thread per open device; it waits on the device with ``select`` (0.2 s
ticks, so ``close()`` returns quickly), frames scans with :class:`drivers.wedge.WedgeDetector`
and fills a ``queue.Queue``; it reopens the device with back-off after an unplug. A scan cut off
by an unplug is discarded with a logged reason, never delivered in half.
"""

from __future__ import annotations

import importlib
import logging
import queue
import select
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from drivers.aim import split_aim, symbology_for_aim
from drivers.base import DeviceError, DeviceState, DeviceStatus, ScanEvent
from drivers.registry import DeviceUrl, register_scheme
from drivers.wedge import KeyInput, Typed, WedgeConfig, WedgeDetector, WedgeOutput, WedgeScan

__all__ = ["EvdevScanner", "KeyMapper", "evdev_available"]

log = logging.getLogger(__name__)

EV_KEY = 1
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2

# Linux input-event-codes.h, US layout: code -> (plain, shifted)
_ROWS = {
    2: "1234567890-=",
    16: "qwertyuiop[]",
    30: "asdfghjkl;'`",
    43: "\\zxcvbnm,./",
}
_SHIFTED = dict(zip("1234567890-=[];'`\\,./", '!@#$%^&*()_+{}:"~|<>?', strict=True))
_CHARS: dict[int, str] = {57: " "}
for _start, _row in _ROWS.items():
    for _i, _ch in enumerate(_row):
        _CHARS[_start + _i] = _ch
_KEYPAD = {82: "0", 79: "1", 80: "2", 81: "3", 75: "4", 76: "5", 77: "6", 71: "7", 72: "8", 73: "9"}
_KEYPAD.update({55: "*", 74: "-", 78: "+", 83: ".", 98: "/"})
_NAMED = {28: "Enter", 96: "Enter", 15: "Tab", 1: "Escape", 14: "Backspace"}
_NAMED.update({59 + n: f"F{n + 1}" for n in range(10)})
_NAMED.update({87: "F11", 88: "F12"})
_NAMED.update({183 + n: f"F{n + 13}" for n in range(12)})
_SHIFT, _CTRL, _ALT = {42, 54}, {29, 97}, {56, 100}
_CAPSLOCK = 58


_MISSING = (
    "evdev:// needs python-evdev, which is not installed (pip install evdev; Linux only). "
    "Without it, keyboard-wedge scanners are read from the station window."
)


def evdev_available() -> bool:
    """True when python-evdev can be imported (it is optional and Linux-only)."""
    try:
        importlib.import_module("evdev")
    except ImportError:
        return False
    return True


class KeyMapper:
    """Turns evdev key events (code, value, time) into :class:`~drivers.wedge.KeyInput`.

    Tracks Shift, Ctrl, Alt and Caps Lock. :meth:`event` returns the input for a key press,
    ``KeyInput("Alt", t)`` when Alt is released (ending an Alt code), or ``None``. Pure state;
    one thread.
    """

    def __init__(self) -> None:
        self._held: set[int] = set()
        self._caps = False

    def event(self, code: int, value: int, ts_ms: float) -> KeyInput | None:
        """One ``EV_KEY`` event; see the class docstring."""
        if value == KEY_UP:
            self._held.discard(code)
            if code in _ALT and not self._held & _ALT:
                return KeyInput("Alt", ts_ms)
            return None
        if value != KEY_DOWN:
            return None  # auto-repeat: scanners do not hold keys
        self._held.add(code)
        if code == _CAPSLOCK:
            self._caps = not self._caps
        if code in _SHIFT | _CTRL | _ALT or code == _CAPSLOCK:
            return None
        shift = bool(self._held & _SHIFT)
        mods = set()
        if self._held & _CTRL:
            mods.add("ctrl")
        if self._held & _ALT:
            mods.add("alt")
        if code in _KEYPAD:
            return KeyInput(_KEYPAD[code], ts_ms, frozenset(mods), True)
        if code in _NAMED:
            return KeyInput(_NAMED[code], ts_ms, frozenset(mods))
        char = _CHARS.get(code)
        if char is None:
            return KeyInput(f"key{code}", ts_ms, frozenset(mods))
        if mods:
            return KeyInput(char, ts_ms, frozenset(mods))
        if char.isalpha():
            return KeyInput(char.upper() if shift != self._caps else char, ts_ms)
        return KeyInput(_SHIFTED.get(char, char) if shift else char, ts_ms)


class InputDevice(Protocol):
    """The part of ``evdev.InputDevice`` the driver uses (tests pass a fake)."""

    fd: int
    name: str

    def read(self) -> Iterable[Any]:
        """Pending events (``type``, ``code``, ``value``, ``timestamp()``); may raise
        ``BlockingIOError`` when there are none, ``OSError`` when the device is gone."""
        ...

    def grab(self) -> None:
        """Exclusive access."""
        ...

    def ungrab(self) -> None:
        """Release exclusive access."""
        ...

    def close(self) -> None:
        """Close the file descriptor."""
        ...


DeviceOpener = Callable[[str], InputDevice]


def _evdev_opener(path: str) -> InputDevice:
    try:
        evdev = importlib.import_module("evdev")
    except ImportError:
        raise DeviceError(_MISSING) from None
    device: InputDevice = evdev.InputDevice(path)
    return device


def _find_by_name(name: str) -> str:
    evdev = importlib.import_module("evdev")
    for path in evdev.list_devices():
        try:
            device = evdev.InputDevice(path)
        except OSError:
            continue
        try:
            if name.lower() in str(device.name).lower():
                return str(path)
        finally:
            device.close()
    raise DeviceError(f"no input device named like {name!r} (see `station devices`)")


@dataclass(frozen=True)
class _Options:
    path: str
    name: str
    grab: bool
    config: WedgeConfig
    reconnect_s: float
    reconnect_max_s: float


def _parse(url: str) -> _Options:
    parsed = DeviceUrl.parse(url)
    if parsed.scheme != "evdev":
        raise DeviceError(f"{url}: not an evdev:// URL", url=url)
    name = parsed.text("name", "").strip()
    if not parsed.path and not name:
        raise DeviceError(
            f"{url}: give a device path (evdev:///dev/input/by-id/...) or ?name=...", url=url
        )
    partial = parsed.number("partial_ms", 1000.0, minimum=10, maximum=60_000)
    terminators = parsed.text("terminators", "enter")
    gs = parsed.text("gs", "ctrl+],alt+29")
    config = WedgeConfig(
        max_gap_ms=partial,
        end_gap_ms=partial,
        min_len=1,
        terminators=tuple(t.strip().capitalize() for t in terminators.split(",") if t.strip()),
        gs_substitutes=tuple(s if len(s) == 1 else s.strip() for s in gs.split(",") if s),
    )
    if not config.terminators:
        raise DeviceError(f"{url}: terminators must name at least one key", url=url)
    options = _Options(
        path=parsed.path,
        name=name,
        grab=parsed.flag("grab", True),
        config=config,
        reconnect_s=parsed.number("reconnect_ms", 200.0, minimum=10) / 1000,
        reconnect_max_s=parsed.number("reconnect_max_ms", 5000.0, minimum=10) / 1000,
    )
    parsed.finish()
    return options


class EvdevScanner:
    """The ``evdev://`` reader (see the module docstring). Implements :class:`~drivers.base.Reader`.

    ``opener`` opens a device path (default: ``evdev.InputDevice``, imported on first use).
    """

    scheme: ClassVar[str] = "evdev"
    kind: ClassVar[str] = "barcode"

    def __init__(self, url: str, *, opener: DeviceOpener | None = None) -> None:
        self.url = url
        self.options = _parse(url)
        self._opener = opener or _evdev_opener
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._events: queue.Queue[ScanEvent] = queue.Queue()
        self._status = DeviceStatus(DeviceState.CLOSED, "not opened")
        self._device: InputDevice | None = None
        self._thread: threading.Thread | None = None
        self.rejected = 0

    # -- Reader interface -------------------------------------------------------------------

    def open(self) -> None:
        """Open (and grab) the device and start the reader thread; raises
        :class:`DeviceError` when python-evdev is missing or the device cannot be opened."""
        with self._lock:
            if self._thread is not None:
                return
        self._stop.clear()
        try:
            device = self._open_device()
        except DeviceError as exc:
            self._set_status(DeviceState.ERROR, exc.message)
            raise DeviceError(f"{self.url}: {exc.message}", url=self.url) from exc
        thread = threading.Thread(target=self._run, name=f"evdev {self.url}", daemon=True)
        with self._lock:
            self._device = device
            self._thread = thread
        self._set_status(DeviceState.CONNECTED, f"reading {device.name}")
        thread.start()

    def close(self) -> None:
        """Stop the thread, ungrab and close the device. Idempotent; never raises."""
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        self._release()
        if thread is not None:
            self._set_status(DeviceState.CLOSED, "closed")

    def read_event(self, timeout: float) -> ScanEvent | None:
        """The next scan, waiting at most ``timeout`` seconds."""
        try:
            return self._events.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None

    def is_connected(self) -> bool:
        """True while the device is open."""
        return self.status().state is DeviceState.CONNECTED

    def status(self) -> DeviceStatus:
        """The current state and message."""
        with self._lock:
            return self._status

    # -- internals --------------------------------------------------------------------------

    def _open_device(self) -> InputDevice:
        if self._opener is _evdev_opener and not evdev_available():
            raise DeviceError(_MISSING)
        path = self.options.path or _find_by_name(self.options.name)
        if self.options.path and not Path(path).exists():
            raise DeviceError(f"input device {path} does not exist")
        try:
            device = self._opener(path)
        except PermissionError:
            raise DeviceError(
                f"no permission to read {path} (on Linux: add the user to the 'input' group)"
            ) from None
        except OSError as exc:
            raise DeviceError(f"cannot open {path}: {exc}") from None
        if self.options.grab:
            try:
                device.grab()
            except OSError as exc:
                device.close()
                raise DeviceError(f"cannot grab {path} (another program has it?): {exc}") from None
        return device

    def _release(self) -> None:
        with self._lock:
            device, self._device = self._device, None
        if device is None:
            return
        for action in (device.ungrab, device.close) if self.options.grab else (device.close,):
            try:
                action()
            except OSError:
                pass

    def _set_status(self, state: DeviceState, message: str) -> None:
        with self._lock:
            changed = self._status != DeviceStatus(state, message)
            self._status = DeviceStatus(state, message)
        if changed:
            log.info("%s: %s (%s)", self.url, state.value, message)

    def _deliver(self, outputs: list[WedgeOutput]) -> None:
        for out in outputs:
            if isinstance(out, WedgeScan):
                aim, text = split_aim(out.text)
                self._events.put(
                    ScanEvent(
                        source_url=self.url,
                        symbology=symbology_for_aim(aim),
                        aim=aim,
                        raw=out.text.encode("utf-8"),
                        text=text,
                        ts=time.time(),
                    )
                )
            elif isinstance(out, Typed) and out.chars.strip():
                self.rejected += 1
                log.warning("%s: discarded keys without a terminator: %r", self.url, out.chars)

    def _run(self) -> None:
        mapper = KeyMapper()
        detector = WedgeDetector(self.options.config)
        while not self._stop.is_set():
            with self._lock:
                device = self._device
            if device is None:
                if not self._reconnect():
                    return
                mapper, detector = KeyMapper(), WedgeDetector(self.options.config)
                continue
            try:
                ready, _, _ = select.select([device.fd], [], [], 0.2)
                events = list(device.read()) if ready else []
            except BlockingIOError:
                events = []
            except (OSError, ValueError) as exc:
                if self._stop.is_set():
                    return
                cut = detector.reset()
                if any(isinstance(o, Typed) and o.chars for o in cut):
                    log.warning("%s: partial scan discarded: device disconnected", self.url)
                self._release()
                self._set_status(DeviceState.DISCONNECTED, f"device lost ({exc}); reconnecting")
                continue
            for event in events:
                if getattr(event, "type", None) != EV_KEY:
                    continue
                key = mapper.event(int(event.code), int(event.value), event.timestamp() * 1000)
                if key is not None:
                    self._deliver(detector.feed(key))
            self._deliver(detector.flush(time.time() * 1000))

    def _reconnect(self) -> bool:
        delay = self.options.reconnect_s
        while not self._stop.wait(delay):
            try:
                device = self._open_device()
            except DeviceError as exc:
                delay = min(delay * 2, self.options.reconnect_max_s)
                self._set_status(DeviceState.DISCONNECTED, f"{exc.message}; retrying")
                continue
            with self._lock:
                if self._stop.is_set():
                    device.close()
                    return False
                self._device = device
            self._set_status(DeviceState.CONNECTED, f"reconnected to {device.name}")
            return True
        return False


def _factory(url: str) -> EvdevScanner:
    return EvdevScanner(url)


register_scheme("evdev", _factory)
