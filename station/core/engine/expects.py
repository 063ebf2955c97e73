# SPDX-License-Identifier: Apache-2.0
"""What the engine expects next: part of every outcome, so a window (or a script) knows
whether the next input is a scan, a quantity, a PIN, a choice, free text or a confirmation.

An ``expects`` object is plain JSON (docs/scripts.md):

- ``kind``: ``scan`` | ``quantity`` | ``pin`` | ``choice`` | ``text`` | ``confirm``, the input
  the step is waiting for;
- ``also``: other kinds the step takes as well (a quantity typed before the next scan, a
  reference scanned instead of a choice);
- ``quantity``: when a quantity is taken, ``"before_scan"`` (it applies to the next scan) or
  ``"after_scan"`` (it replaces the count of the item just scanned), with ``min`` and ``max``
  (decimal strings);
- ``choices``: how many numbered choices are offered (``1`` to ``choices``);
- ``min_digits`` / ``max_digits``: a PIN's length; a PIN is masked and never parsed as a barcode.
- ``scan``: what the scan should be, when a step wants one thing scanned: ``printed_label``
  (the label just printed, read back to verify it).
"""

from __future__ import annotations

from typing import Any

SCAN, QUANTITY, PIN, CHOICE, TEXT, CONFIRM = "scan", "quantity", "pin", "choice", "text", "confirm"
KINDS = (SCAN, QUANTITY, PIN, CHOICE, TEXT, CONFIRM)

#: The largest quantity the keypad takes (a longer run of digits is a barcode typed by hand).
KEYPAD_MAX = "99999"  # replaced in outcomes by the setting quantity_max


def expects(kind: str, *also: str, **detail: Any) -> dict[str, Any]:
    """An ``expects`` object; ``detail`` keys with a None value are left out."""
    if kind not in KINDS or any(a not in KINDS for a in also):
        raise ValueError(f"unknown input kind in {kind!r}, {also!r}")
    result: dict[str, Any] = {"kind": kind, "also": [a for a in also if a != kind]}
    result.update({k: v for k, v in detail.items() if v is not None})
    return result


def quantity_after_scan(*also: str, minimum: str = "0") -> dict[str, Any]:
    """A quantity for the item just scanned; a further scan is taken too."""
    return expects(QUANTITY, SCAN, *also, quantity="after_scan", min=minimum, max=KEYPAD_MAX)


def scan_or_quantity_first(*also: str) -> dict[str, Any]:
    """A scan, or a quantity typed first that the next scan takes."""
    return expects(SCAN, QUANTITY, *also, quantity="before_scan", min="1", max=KEYPAD_MAX)


def with_choices(found: dict[str, Any], choices: list[str]) -> dict[str, Any]:
    """``found`` with the count of the choices offered; a step offering choices takes one."""
    if not choices:
        return found
    also = list(found.get("also", []))
    if found["kind"] != CHOICE and CHOICE not in also:
        also.append(CHOICE)
    return {**found, "also": also, "choices": len(choices)}
