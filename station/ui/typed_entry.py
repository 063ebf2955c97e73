# SPDX-License-Identifier: Apache-2.0
"""What a line typed into the entry (or on the keypad) means, given what the engine expects.

The engine's ``expects`` (docs/scripts.md) decides: while a PIN is expected the text is a PIN
and never reaches the barcode parser; while a quantity is taken, a number is a quantity, never
an item lookup; while choices are offered, a number in range is a choice. ``@qty``, ``@text``
and ``@pin`` spell an input out whatever is expected, as in scripts.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from station.core.engine.inputs import Choose, InputEvent, Pin, Qty, Scan, TextInput

_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?", re.ASCII)


def typed_event(text: str, wants: dict[str, Any] | None) -> InputEvent:
    """The engine input for ``text`` typed by hand while the engine ``wants`` that."""
    wants = wants or {"kind": "scan"}
    kind = wants.get("kind", "scan")
    kinds = {kind, *wants.get("also", [])}
    if text.startswith("@qty "):
        return Qty(text[5:].strip())  # the engine reads it and says what is wrong
    if text.startswith("@text "):
        return TextInput(text[6:])
    if text.startswith("@pin "):
        return Pin(text[5:].strip())
    if kind == "pin":
        return Pin(text)
    choices = int(wants.get("choices") or 0)
    if (
        text.isdigit()
        and 1 <= int(text) <= choices
        and (kind == "choice" or "quantity" not in kinds)
    ):
        return Choose(int(text))
    if "quantity" in kinds and _NUMBER.fullmatch(text):
        most = _decimal(wants.get("max"))
        if most is None or Decimal(text) <= most:
            return Qty(text)  # as typed: the engine checks it against the quantity rules
    if kind == "text":
        return TextInput(text)
    return Scan(text, device_url="keyboard://entry")


def _decimal(text: object) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
