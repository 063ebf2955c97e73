# SPDX-License-Identifier: Apache-2.0
"""The keyboard-wedge input of the window: a Qt event filter that tells scans from typing.

A USB keyboard-wedge scanner "types" into whatever widget has focus. :class:`WedgeFilter`
watches the main window and whichever of its widgets has the focus (:meth:`WedgeFilter.install`
moves it with the focus), so it sees every key press meant for a widget of the window, the
entry field included: Qt gives a key to the focus widget first, then to its parents up to the
window. It is not installed on the ``QApplication``: an application's filter is called for
every event of every object (paints, layouts, timers), each handed to Python: about 880 calls
from start to the first accepted scan against 50 on the window, and more with every repaint
through the day. It feeds each press, with its time, to the pure detector
:class:`drivers.wedge.WedgeDetector`, and *holds the key back* (the widget does not get it yet).
What the detector settles comes out in key order:

- a :class:`~drivers.wedge.WedgeScan` (a fast burst ended by Enter) goes to
  ``window.on_wedge_scan(text)``; its keys never reach the widget, so a scan made while the
  entry field has focus is a scan, not text in the field;
- :class:`~drivers.wedge.Typed` keys (a person typing) are sent again, press and release, to
  the widget they were meant for, so they land where they would have. Typed characters are
  late by the detector's ``max_gap_ms`` (30 ms by default); a :class:`QTimer` calls
  :meth:`WedgeFilter.poll` at :meth:`~drivers.wedge.WedgeDetector.deadline_ms`.

Key mapping (Qt key event -> :class:`~drivers.wedge.KeyInput`): a character key without
Ctrl/Alt gives its text; Return and keypad Enter give ``"Enter"``; a raw ASCII 29 in the
event's text gives ``"\\x1d"``; Ctrl+``key`` gives ``key`` with the ``ctrl`` modifier when the
configuration lists ``ctrl+key`` as a GS substitute (``ctrl+]`` by default); keypad digits with
Alt held give Alt-code digits (Alt+0 0 2 9 is GS), ended by the Alt release; a function key
(``"F8"``) or ``"Tab"`` is fed only when the configuration names it as a GS substitute or a
terminator. Every other key (arrows, Backspace, Escape, shortcuts such as Ctrl+L, auto-repeat)
is not fed: what is held back is settled first, then the key goes on untouched, so shortcuts
keep working and typing keeps its order. Modifier keys alone pass through. Shortcut overrides
of fed keys are accepted, so a configured function key is never taken by a shortcut.

Times: the event's own timestamp in ms when the platform sets one (it is taken when the key
was pressed, so a busy UI thread does not stretch a burst), otherwise the filter's clock
(``time.monotonic()`` in ms; tests inject one).

Threads: GUI thread only, like every Qt object. Ownership: the filter is a child of the
window and goes with it; :meth:`WedgeFilter.uninstall` stops it watching before that.
Failure modes: none raised from the event path; a widget destroyed while its keys were held
loses them (they are dropped, not sent elsewhere).
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable

import shiboken6
from msgspec import Struct
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from drivers.base import DeviceError
from drivers.registry import DeviceUrl
from drivers.wedge import KeyInput, Typed, WedgeConfig, WedgeDetector, WedgeOutput, WedgeScan

__all__ = ["WedgeFilter", "install_wedge_filter", "key_input_for", "wedge_config_from_url"]

log = logging.getLogger(__name__)

Clock = Callable[[], float]
"""Milliseconds on a monotonic clock."""

ENV_VAR = "STATION_WEDGE"
"""Environment variable holding a ``wedge://?option=...`` URL (see :func:`wedge_config_from_url`)."""

_MODIFIER_KEYS = frozenset(
    int(k)
    for k in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_Mode_switch,
    )
)
_NAMED_KEYS = {
    int(Qt.Key.Key_Return): "Enter",
    int(Qt.Key.Key_Enter): "Enter",
    int(Qt.Key.Key_Tab): "Tab",
    int(Qt.Key.Key_Escape): "Escape",
    **{int(Qt.Key.Key_F1) + n: f"F{n + 1}" for n in range(35)},
}
_DIGIT_KEYS = {int(Qt.Key.Key_0) + n: str(n) for n in range(10)}
_ALT_COMPOSED_MS = 50.0
_CLOCK_JUMP_MS = 1000.0


def _clock_ms() -> float:
    return time.monotonic() * 1000.0


def _modifier_names(mods: Qt.KeyboardModifier) -> frozenset[str]:
    names = set()
    if mods & Qt.KeyboardModifier.ControlModifier:
        names.add("ctrl")
    if mods & Qt.KeyboardModifier.AltModifier:
        names.add("alt")
    if mods & Qt.KeyboardModifier.MetaModifier:
        names.add("meta")
    if mods & Qt.KeyboardModifier.ShiftModifier:
        names.add("shift")
    return frozenset(names)


def key_input_for(event: QKeyEvent, ts_ms: float, config: WedgeConfig) -> KeyInput | None:
    """The detector input for a key press, or ``None`` for a key that is not fed.

    See the module docstring for the mapping. Pure apart from reading ``event``.
    """
    if event.isAutoRepeat():
        return None
    key = int(event.key())
    text = event.text()
    mods = _modifier_names(event.modifiers())
    keypad = bool(event.modifiers() & Qt.KeyboardModifier.KeypadModifier)
    wanted = {s.lower() for s in (*config.gs_substitutes, *config.terminators)}
    name = _NAMED_KEYS.get(key)
    if name is not None and not mods & {"ctrl", "alt", "meta"}:
        fed = name == "Enter" or name.lower() in wanted
        return KeyInput(name, ts_ms, mods, keypad) if fed else None
    if "alt" in mods and "ctrl" not in mods and keypad and key in _DIGIT_KEYS:
        return KeyInput(_DIGIT_KEYS[key], ts_ms, frozenset({"alt"}), True)
    if "ctrl" in mods and "alt" not in mods and 0x20 < key < 0x7F:
        char = chr(key).lower()
        if f"ctrl+{char}" in wanted:
            return KeyInput(char, ts_ms, frozenset({"ctrl"}), keypad)
    if text == "\x1d":
        return KeyInput("\x1d", ts_ms, frozenset(), keypad)
    altgr = {"ctrl", "alt"} <= mods  # AltGr on Windows is Ctrl+Alt
    if len(text) == 1 and text.isprintable() and (altgr or not mods & {"ctrl", "alt", "meta"}):
        return KeyInput(text, ts_ms, mods & {"shift"}, keypad)
    return None


def wedge_config_from_url(url: str) -> WedgeConfig:
    """A :class:`WedgeConfig` from ``wedge://?options`` (the device URL grammar).

    Options: ``max_gap_ms``, ``end_gap_ms``, ``min_len``, ``terminators`` (comma-separated key
    names: ``enter``, ``tab``; ``none`` for silence-ended scans), ``gs`` (comma-separated GS
    substitutes: ``%1D`` for the raw character, ``ctrl+]``, ``alt+29``, ``F8``, ``|``),
    ``alt_timeout_ms``. Raises :class:`~drivers.base.DeviceError` for a bad option.
    """
    parsed = DeviceUrl.parse(url)
    if parsed.scheme != "wedge":
        raise DeviceError(f"{url}: not a wedge:// URL", url=url)
    base = WedgeConfig()
    terminators = parsed.text("terminators", ",".join(base.terminators))
    gs = parsed.text("gs", ",".join(base.gs_substitutes))
    config = WedgeConfig(
        max_gap_ms=parsed.number("max_gap_ms", base.max_gap_ms, minimum=1, maximum=1000),
        end_gap_ms=parsed.number("end_gap_ms", base.end_gap_ms, minimum=1, maximum=5000),
        min_len=parsed.integer("min_len", base.min_len, minimum=1),
        terminators=tuple(
            t.strip().capitalize()
            for t in terminators.split(",")
            if t.strip() and t.strip().lower() != "none"
        ),
        gs_substitutes=tuple(s if len(s) == 1 else s.strip() for s in gs.split(",") if s),
        alt_timeout_ms=parsed.number(
            "alt_timeout_ms", base.alt_timeout_ms, minimum=1, maximum=10_000
        ),
    )
    parsed.finish()
    return config


class _Held(Struct, frozen=True):
    """A key press held back, with what it takes to send it again."""

    key: KeyInput
    target: QWidget
    qt_key: int
    modifiers: Qt.KeyboardModifier
    text: str
    scan_code: int
    virtual_key: int
    native_modifiers: int


def _alt_composed(digits: str) -> str:
    """The character Windows types after an Alt code (matches :mod:`drivers.wedge`)."""
    value = int(digits) if digits else 0
    if value == 0 or value > 255:
        return ""
    codec = "cp1252" if digits.startswith("0") else "cp437"
    try:
        return bytes([value]).decode(codec) if value >= 32 else chr(value)
    except UnicodeDecodeError:
        return ""


class WedgeFilter(QObject):
    """The window's key filter (see the module docstring).

    ``on_scan`` receives each scan's text (default: ``window.on_wedge_scan``); ``clock`` gives
    milliseconds for events without a platform timestamp. ``scans`` and ``typed_keys`` count
    what came out, for the device panel and tests.
    """

    def __init__(
        self,
        window: QWidget,
        config: WedgeConfig | None = None,
        *,
        on_scan: Callable[[str], None] | None = None,
        clock: Clock = _clock_ms,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.config = config or WedgeConfig()
        self.detector = WedgeDetector(self.config)
        self._on_scan = on_scan or window.on_wedge_scan  # type: ignore[attr-defined]
        self._clock = clock
        self._offset = 0.0
        self._last_ts = float("-inf")
        self._held: deque[_Held] = deque()
        self._releases: dict[int, int] = {}
        self._alt_digits = ""
        self._composed: tuple[str, float] | None = None
        self._replaying = False
        self._outputs: deque[WedgeOutput] = deque()
        self._delivering = False
        self.scans = 0
        self.typed_keys = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.poll)
        self._focused: QWidget | None = None
        self._installed = False

    # -- public ---------------------------------------------------------------------------

    def install(self) -> None:
        """Watch the window and, from now on, whichever of its widgets has the focus."""
        if self._installed:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication), "the wedge filter needs a QApplication"
        self._installed = True
        self.window.installEventFilter(self)
        app.focusChanged.connect(self._focus_changed)
        # The widget that has the focus, or will have it when the window is next active.
        self._focus_changed(None, self.window.focusWidget())

    def uninstall(self) -> None:
        """Stop watching (what is held back is settled first)."""
        if not self._installed:
            return
        self._installed = False
        self.settle()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)
        self._unwatch_focused()
        if shiboken6.isValid(self.window):
            self.window.removeEventFilter(self)

    def poll(self) -> None:
        """Settle what has waited long enough (the timer calls this; tests may too)."""
        self._deliver(self.detector.flush(self._now()))

    def settle(self) -> None:
        """Settle everything now: held typing is sent on, a complete burst is a scan."""
        self._deliver(self.detector.reset())
        self._alt_digits = ""

    def pending(self) -> bool:
        """True while key presses are held back."""
        return bool(self._held) or self.detector.deadline_ms() is not None

    # -- the filter -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Qt calls this for the events of the window and of its focus widget; only key
        events matter."""
        etype = event.type()
        if etype not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            if etype != QEvent.Type.ShortcutOverride:
                return False
        if self._replaying or not isinstance(event, QKeyEvent) or not self._in_scope(watched):
            return False
        assert isinstance(watched, QWidget)
        if etype == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)
        if etype == QEvent.Type.KeyRelease:
            return self._release(event)
        return self._press(watched, event)

    # -- internals ------------------------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._unwatch_focused()
        if new is None or new is self.window or not self._in_scope(new):
            return  # the window is watched anyway; a widget of another window is not ours
        new.installEventFilter(self)
        self._focused = new

    def _unwatch_focused(self) -> None:
        if self._focused is not None and shiboken6.isValid(self._focused):
            self._focused.removeEventFilter(self)
        self._focused = None

    def _in_scope(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget) or not shiboken6.isValid(self.window):
            return False
        return watched is self.window or self.window.isAncestorOf(watched)

    def _now(self) -> float:
        return self._clock() + self._offset

    def _stamp(self, event: QKeyEvent) -> float:
        arrival = self._clock()
        stamp = float(event.timestamp())
        ts = stamp if stamp > 0 else arrival
        if ts < self._last_ts - _CLOCK_JUMP_MS:  # the platform clock wrapped or changed
            self.settle()
        else:
            ts = max(ts, self._last_ts)
        self._last_ts = ts
        self._offset = ts - arrival
        return ts

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        if int(event.key()) in _MODIFIER_KEYS:
            return False
        if key_input_for(event, 0.0, self.config) is not None:
            event.accept()  # the key is input here, not a shortcut
            return True
        self.settle()
        return False

    def _release(self, event: QKeyEvent) -> bool:
        key = int(event.key())
        if key == int(Qt.Key.Key_Alt) and self._alt_digits:
            composed = _alt_composed(self._alt_digits)
            self._alt_digits = ""
            ts = self._stamp(event)
            if composed:
                self._composed = (composed, ts + _ALT_COMPOSED_MS)
            self._deliver(self.detector.feed(KeyInput("Alt", ts)))
            return False
        if event.isAutoRepeat() or not self._releases.get(key):
            return False
        self._releases[key] -= 1
        return True

    def _press(self, watched: QWidget, event: QKeyEvent) -> bool:
        key = int(event.key())
        if key in _MODIFIER_KEYS:
            return False
        ts = self._stamp(event)
        if self._swallow_composed(event, ts):
            return True
        key_input = key_input_for(event, ts, self.config)
        if key_input is None:
            self.settle()
            return False
        if key_input.modifiers & {"alt"}:
            self._alt_digits += key_input.key
        self._held.append(
            _Held(
                key=key_input,
                target=watched,
                qt_key=key,
                modifiers=event.modifiers(),
                text=event.text(),
                scan_code=event.nativeScanCode(),
                virtual_key=event.nativeVirtualKey(),
                native_modifiers=event.nativeModifiers(),
            )
        )
        self._releases[key] = self._releases.get(key, 0) + 1
        self._deliver(self.detector.feed(key_input))
        return True

    def _swallow_composed(self, event: QKeyEvent, ts: float) -> bool:
        """Drop the character Windows sends after an Alt code the detector already has."""
        if self._composed is None:
            return False
        char, until = self._composed
        self._composed = None
        if (
            ts <= until
            and event.text() == char
            and not event.modifiers() & (Qt.KeyboardModifier.AltModifier)
        ):
            self._releases[int(event.key())] = self._releases.get(int(event.key()), 0) + 1
            return True
        return False

    def _deliver(self, outputs: Iterable[WedgeOutput]) -> None:
        """Send scans and typing on, in order; re-entrant calls only queue."""
        self._outputs.extend(outputs)
        if self._delivering:
            return
        self._delivering = True
        try:
            while self._outputs:
                out = self._outputs.popleft()
                held = self._take(out.keys)
                if isinstance(out, WedgeScan):
                    self.scans += 1
                    self._on_scan(out.text)
                elif isinstance(out, Typed):
                    self._replay(held)
        finally:
            self._delivering = False
            self._arm()

    def _take(self, keys: tuple[KeyInput, ...]) -> list[_Held]:
        taken: list[_Held] = []
        for key in keys:
            if key.key == "Alt" and not key.modifiers:
                continue
            if not self._held:
                log.warning("wedge filter: detector returned a key it was not given: %r", key)
                break
            taken.append(self._held.popleft())
        return taken

    def _replay(self, held: list[_Held]) -> None:
        self._replaying = True
        try:
            for item in held:
                if not shiboken6.isValid(item.target):
                    continue
                self.typed_keys += 1
                for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(
                        etype,
                        item.qt_key,
                        item.modifiers,
                        item.scan_code,
                        item.virtual_key,
                        item.native_modifiers,
                        item.text,
                    )
                    QCoreApplication.sendEvent(item.target, event)
        finally:
            self._replaying = False

    def _arm(self) -> None:
        deadline = self.detector.deadline_ms()
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(0, int(deadline - self._now()) + 1))


def install_wedge_filter(window: QWidget, config: WedgeConfig | None = None) -> WedgeFilter:
    """Install a :class:`WedgeFilter` on ``window`` (and its focus widget) and return it.

    ``config`` defaults to ``$STATION_WEDGE`` (a ``wedge://?...`` URL, see
    :func:`wedge_config_from_url`) when set, else :class:`WedgeConfig` defaults. A bad
    ``$STATION_WEDGE`` is logged and the defaults are used. GUI thread only.
    """
    if config is None:
        url = os.environ.get(ENV_VAR, "")
        if url:
            try:
                config = wedge_config_from_url(url)
            except DeviceError as exc:
                log.warning("ignoring $%s: %s", ENV_VAR, exc)
    wedge = WedgeFilter(window, config)
    wedge.install()
    return wedge
