# SPDX-License-Identifier: Apache-2.0
"""Keyboard-wedge burst detector: tells a scanner's keystrokes from a person's typing.

A USB-HID scanner "types" its data: keys arrive a few milliseconds apart and end with Enter
(or Tab). People type with gaps of 100 ms or more. :class:`WedgeDetector` is the pure part of
the wedge input; the Qt event filter (``station/ui/wedge_filter.py``) feeds it key presses,
swallows them, and replays what comes back as :class:`Typed` to the focused widget.

Rules (all thresholds in :class:`WedgeConfig`):

- keys whose gaps are all at most ``max_gap_ms`` (30) form a burst;
- a burst of at least ``min_len`` characters followed within ``end_gap_ms`` (100) by a
  terminator key (``Enter`` by default; ``Tab`` can be added) is a :class:`WedgeScan`;
  with no terminators configured, silence after such a burst ends the scan;
- anything else comes back as :class:`Typed`, in the original order, once it is clear that
  it is not a scan: when the next key arrives too late, or from :meth:`WedgeDetector.flush`.
  So typed characters are held back by about ``max_gap_ms``; the adapter calls ``flush``
  from a timer at :meth:`WedgeDetector.deadline_ms`.

GS (ASCII 29, the GS1 separator) has no key, and scanners simulate it in several ways; every
entry of ``gs_substitutes`` inside a scan becomes ``"\\x1d"``:

- ``"\\x1d"`` - the raw character (what Qt gives for Ctrl+] as text on many platforms);
- ``"ctrl+]"`` - a key with the Ctrl modifier (``ctrl+<key>`` in general);
- ``"alt+29"`` - a Windows Alt code: the digits ``0 0 2 9`` typed with Alt held on the
  keypad (leading zeros do not matter; ``alt+0029`` is the same);
- a key name such as ``"F8"`` - a function key the scanner was programmed to send;
- any other single character (``"|"``, ``"~"``, ``"\\uf70b"``) a scanner's data formatting
  puts in place of GS. Substitutes apply inside scans only; typed text keeps them as typed.

Input model (:class:`KeyInput`): one key *press* with its time in ms. ``key`` is the character
it produces (``"a"``, ``"A"``, ``"\\x1d"``) or a key name (``"Enter"``, ``"Tab"``, ``"F8"``,
``"Escape"``); ``"\\r"``/``"\\n"``/``"Return"`` mean ``"Enter"``, ``"\\t"`` means ``"Tab"``.
``modifiers`` holds ``"ctrl"``, ``"alt"``, ``"shift"``, ``"meta"`` as held. Modifier keys alone
are not fed, except that ``KeyInput("Alt", t)`` may be fed when Alt is released, which ends an
Alt code at once (otherwise the next key or ``alt_timeout_ms`` of silence ends it).

Threads: none; a detector is plain state owned by one thread (the GUI thread for the Qt
filter). Nothing here raises for any input.
"""

from __future__ import annotations

from msgspec import Struct, field

GS = "\x1d"

_KEY_ALIASES = {"\r": "Enter", "\n": "Enter", "return": "Enter", "enter": "Enter", "\t": "Tab"}
_KEY_TEXT = {"Enter": "\n", "Tab": "\t"}


class KeyInput(Struct, frozen=True):
    """One key press: ``key`` (a character or a key name), time ``ts_ms``, held modifiers."""

    key: str
    ts_ms: float
    modifiers: frozenset[str] = field(default_factory=frozenset)
    keypad: bool = False


class WedgeScan(Struct, frozen=True):
    """A scan read from a burst: ``text`` with GS as ``"\\x1d"``, the terminator's time."""

    text: str
    ts_ms: float
    keys: tuple[KeyInput, ...] = ()


class Typed(Struct, frozen=True):
    """Keys that were typing: ``chars`` is the text they type (Enter as ``"\\n"``, Tab as
    ``"\\t"``, special keys as nothing); ``keys`` are the inputs, to replay them exactly."""

    chars: str
    keys: tuple[KeyInput, ...]


WedgeOutput = WedgeScan | Typed


class WedgeConfig(Struct, frozen=True):
    """Thresholds and key mappings of a :class:`WedgeDetector` (see the module docstring)."""

    max_gap_ms: float = 30.0
    end_gap_ms: float = 100.0
    min_len: int = 4
    terminators: tuple[str, ...] = ("Enter",)
    gs_substitutes: tuple[str, ...] = ("\x1d", "ctrl+]", "alt+29")
    alt_timeout_ms: float = 1000.0
    max_len: int = 8192


class _Item(Struct, frozen=True):
    scan: str
    typed: str
    keys: tuple[KeyInput, ...]


def _norm_key(key: KeyInput) -> KeyInput:
    alias = _KEY_ALIASES.get(key.key) or _KEY_ALIASES.get(key.key.lower())
    mods = frozenset(m.lower() for m in key.modifiers)
    if alias is None and mods == key.modifiers:
        return key
    return KeyInput(alias or key.key, key.ts_ms, mods, key.keypad)


def _alt_char(digits: str) -> str:
    """The character Windows types for an Alt code (``0``-prefixed: cp1252, else cp437)."""
    value = int(digits)
    if value == 0 or value > 255:
        return ""
    codec = "cp1252" if digits.startswith("0") else "cp437"
    try:
        return bytes([value]).decode(codec) if value >= 32 else chr(value)
    except UnicodeDecodeError:
        return ""


class WedgeDetector:
    """Feeds on :class:`KeyInput`, yields :class:`WedgeScan` and :class:`Typed` outputs."""

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config or WedgeConfig()
        self._terminators = {t.lower() for t in self.config.terminators}
        self._gs_chars: set[str] = set()
        self._gs_ctrl: set[str] = set()
        self._gs_alt: set[int] = set()
        self._gs_names: set[str] = set()
        for spec in self.config.gs_substitutes:
            low = spec.lower()
            if len(spec) == 1:
                self._gs_chars.add(spec)
            elif low.startswith("ctrl+") and len(spec) > 5:
                self._gs_ctrl.add(low[5:])
            elif low.startswith("alt+") and low[4:].isdigit():
                self._gs_alt.add(int(low[4:]))
            else:
                self._gs_names.add(low)
        self._buf: list[_Item] = []
        self._alt: list[KeyInput] = []
        self._last_ts: float | None = None

    # -- public -------------------------------------------------------------------------

    def feed(self, key: KeyInput) -> list[WedgeOutput]:
        """Take one key press; return the outputs it settled (often none), in key order."""
        key = _norm_key(key)
        out: list[WedgeOutput] = []
        if self._alt and not self._is_alt_digit(key):
            self._finish_alt()
            if key.key == "Alt":
                return out
        if key.key == "Alt":
            return out
        if self._last_ts is not None and self._buf:
            limit = self.config.end_gap_ms if self._is_terminator(key) else self.config.max_gap_ms
            if key.ts_ms - self._last_ts > limit:
                out.extend(self._settle())
        self._last_ts = key.ts_ms
        if self._is_alt_digit(key):
            self._alt.append(key)
        elif self._is_terminator(key):
            out.extend(self._terminate(key))
        else:
            item = self._item(key)
            if item is None:  # a key that no scanner sends: the burst is broken
                out.extend(self._settle(extra=key))
            else:
                self._buf.append(item)
                if len(self._buf) > self.config.max_len:
                    out.extend(self._settle())
        return out

    def flush(self, now_ms: float) -> list[WedgeOutput]:
        """Settle what has waited long enough at ``now_ms`` (call it from a timer)."""
        if self._last_ts is None:
            return []
        idle = now_ms - self._last_ts
        out: list[WedgeOutput] = []
        if self._alt:
            if idle <= self.config.alt_timeout_ms:
                if self._buf and idle > self.config.max_gap_ms:
                    out.extend(self._settle())
                return out
            self._finish_alt()
        if self._buf and idle > self._hold_ms():
            out.extend(self._settle())
        return out

    def deadline_ms(self) -> float | None:
        """When :meth:`flush` next has something to settle; ``None`` when idle."""
        if self._last_ts is None or not (self._buf or self._alt):
            return None
        if self._alt:
            wait = self.config.max_gap_ms if self._buf else self.config.alt_timeout_ms
        else:
            wait = self._hold_ms()
        return self._last_ts + wait + 1

    def reset(self) -> list[WedgeOutput]:
        """Settle everything now (focus change, window hidden) and forget the timing."""
        if self._alt:
            self._finish_alt()
        out = self._settle()
        self._last_ts = None
        return out

    # -- internals ----------------------------------------------------------------------

    def _hold_ms(self) -> float:
        could_scan = self._scan_len() >= self.config.min_len and self._terminators
        return self.config.end_gap_ms if could_scan else self.config.max_gap_ms

    def _scan_len(self) -> int:
        return sum(len(i.scan) for i in self._buf)

    def _is_terminator(self, key: KeyInput) -> bool:
        return not (key.modifiers & {"ctrl", "alt"}) and key.key.lower() in self._terminators

    @staticmethod
    def _is_alt_digit(key: KeyInput) -> bool:
        return "alt" in key.modifiers and len(key.key) == 1 and key.key.isdigit()

    def _item(self, key: KeyInput) -> _Item | None:
        mods = key.modifiers & {"ctrl", "alt", "meta"}
        name = key.key.lower()
        if mods == {"ctrl"} and name in self._gs_ctrl:
            return _Item(GS, "", (key,))
        if mods:
            return None
        if len(key.key) == 1:
            scan = GS if key.key in self._gs_chars else key.key
            return _Item(scan, key.key, (key,))
        if name in self._gs_names:
            return _Item(GS, "", (key,))
        return None

    def _finish_alt(self) -> None:
        keys, self._alt = tuple(self._alt), []
        digits = "".join(k.key for k in keys)
        char = _alt_char(digits)
        scan = GS if int(digits) in self._gs_alt else char
        self._buf.append(_Item(scan, char, keys))

    def _terminate(self, key: KeyInput) -> list[WedgeOutput]:
        if self._buf and self._scan_len() >= self.config.min_len:
            items, self._buf = self._buf, []
            text = "".join(i.scan for i in items)
            keys = tuple(k for i in items for k in i.keys) + (key,)
            return [WedgeScan(text, key.ts_ms, keys)]
        return self._settle(extra=key)

    def _settle(self, extra: KeyInput | None = None) -> list[WedgeOutput]:
        """The buffer as a scan (terminator-less config) or as typing, plus ``extra``."""
        items, self._buf = self._buf, []
        out: list[WedgeOutput] = []
        scan_len = sum(len(i.scan) for i in items)
        if items and not self._terminators and scan_len >= self.config.min_len:
            keys = tuple(k for i in items for k in i.keys)
            out.append(WedgeScan("".join(i.scan for i in items), keys[-1].ts_ms, keys))
            items = []
        keys = tuple(k for i in items for k in i.keys)
        chars = "".join(i.typed for i in items)
        if extra is not None:
            keys += (extra,)
            plain = len(extra.key) == 1 and not extra.modifiers & {"ctrl", "alt", "meta"}
            chars += _KEY_TEXT.get(extra.key, extra.key if plain else "")
        if keys:
            out.append(Typed(chars, keys))
        return out
