# SPDX-License-Identifier: Apache-2.0
"""The line grammar of station scan scripts (``station script`` and ``replay://``).

A script is UTF-8 text, one input per line:

- a scan exactly as a device delivers it; the GS1 separator (ASCII 29) is written ``<GS>``;
  a line starting with ``\\`` is taken literally after that backslash (for scans that begin
  with ``@`` or ``#``);
- a directive: ``@name args...`` (``@pin 1234``, ``@qty 12.5``, ``@wait 250`` ...);
- blank lines and lines starting with ``#`` are ignored.

This module only splits lines; what a directive means belongs to whoever runs the script.
It is pure and never raises on any ``str``: a line it cannot read comes back as a
``ScriptLine`` of kind ``"error"`` with a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GS = "\x1d"
GS_TOKEN = "<GS>"

#: Directives the grammar knows. Later features may add names; meanings never change.
DIRECTIVES = frozenset(
    {"pin", "qty", "choose", "text", "rfid", "clock", "wait", "restart", "device"}
)


@dataclass(frozen=True)
class ScriptLine:
    """One meaningful script line.

    ``kind`` is ``"scan"`` (``text`` holds the scan, GS already turned into ASCII 29),
    ``"directive"`` (``name`` and ``args``; ``rest`` is everything after the name, stripped)
    or ``"error"`` (``message`` says what is wrong).
    """

    kind: str
    text: str = ""
    name: str = ""
    args: tuple[str, ...] = field(default_factory=tuple)
    rest: str = ""
    message: str = ""


def decode_scan_text(text: str) -> str:
    """Turn the script spelling of a scan into the characters a device delivers."""
    return text.replace(GS_TOKEN, GS)


def encode_scan_text(text: str) -> str:
    """The inverse of :func:`decode_scan_text`, for writing scans into scripts and logs."""
    return text.replace(GS, GS_TOKEN)


def parse_script_line(line: str) -> ScriptLine | None:
    """Split one line; ``None`` for blank lines and comments."""
    line = line.rstrip("\r\n")
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    if line.startswith("\\"):
        body = line[1:]
        if not body:
            return ScriptLine(kind="error", message="an escaped scan line is empty")
        return ScriptLine(kind="scan", text=decode_scan_text(body))
    if stripped.startswith("@"):
        head, _, rest = stripped[1:].partition(" ")
        name = head.strip().lower()
        if name not in DIRECTIVES:
            known = ", ".join("@" + d for d in sorted(DIRECTIVES))
            return ScriptLine(
                kind="error",
                name=name,
                message=f"unknown directive @{name}; known directives: {known}",
            )
        rest = rest.strip()
        return ScriptLine(kind="directive", name=name, args=tuple(rest.split()), rest=rest)
    return ScriptLine(kind="scan", text=decode_scan_text(line))
