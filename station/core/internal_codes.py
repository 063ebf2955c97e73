# SPDX-License-Identifier: Apache-2.0
"""The station's own barcodes: commands, badges and locations, in a reserved form.

Form: ``$`` + a type (``CMD``, ``USR``, ``LOC``) + ``-`` + a payload, e.g. ``$CMD-DONE``,
``$USR-C001``, ``$LOC-A-01-02``. ``$`` is outside the GS1 character set (CSET 82) and never
starts a GTIN, so an internal code can never be read as a GTIN, a lot or GS1 data, while
Code 39 and Code 128 both print it (see docs/barcodes.md).
"""

from __future__ import annotations

from msgspec import Struct

PREFIX = "$"
KINDS = {"CMD": "command", "USR": "badge", "LOC": "location"}
COMMANDS = {
    "DONE": "done",
    "CANCEL": "cancel",
    "UNDO": "undo",
    "ACK": "ack",
    "LOGOUT": "logout",
}


class InternalCode(Struct, frozen=True):
    kind: str  # command | badge | location
    value: str  # command name (lower case), badge code or location code


def parse_internal(text: str) -> InternalCode | None:
    """The internal code ``text`` is, or None when it is not in the reserved form."""
    if not text.startswith(PREFIX) or len(text) < 6 or text[4] != "-":
        return None
    kind = KINDS.get(text[1:4].upper())
    payload = text[5:].strip()
    if kind is None or not payload:
        return None
    if kind == "command":
        return InternalCode("command", COMMANDS.get(payload.upper(), payload.lower()))
    return InternalCode(kind, payload)


def command_code(name: str) -> str:
    for code, command in COMMANDS.items():
        if command == name:
            return f"{PREFIX}CMD-{code}"
    raise KeyError(name)


def location_code(code: str) -> str:
    return f"{PREFIX}LOC-{code}"
