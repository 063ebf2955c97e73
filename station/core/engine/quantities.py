# SPDX-License-Identifier: Apache-2.0
"""Quantity rules: one place for every workflow that takes a quantity.

A quantity reaches a workflow typed on the keypad (``Qty``), carried by a GS1 scan (AI 30 or
37 counts, times the GTIN's pack; AI 310n a net weight in kg) or implied by a scan (one pack).
Whatever its source it passes the same rules, checked before anything is written:

* **typed text** is ASCII digits with at most one decimal point (``12``, ``2.5``): no sign,
  no exponent (``1e9``), no other scripts' digits (``١٢``), no separators; at most
  :data:`MAX_DIGITS` digits before the point and :data:`MAX_DECIMALS` after it;
* **finite and positive**; zero only where a workflow says "none here" (a count);
* **the hard maximum** (setting ``quantity_max``): never taken, whoever confirms;
* **the item's unit** says whether fractions are allowed and how many decimals (setting
  ``quantity_decimals``: ``KG=3; M=2``; a unit not listed takes whole numbers);
* **the site ceiling** of the unit (``quantity_ceilings``, else ``quantity_ceiling_default``):
  a larger quantity waits for a supervisor's badge and PIN
  (:class:`NeedsApproval`; the engine runs the approval and then replays the input).

Per-line plausibility against the document (the receipt's expected quantity and tolerance,
the order's quantity, the stock at the source, the original movement of a reversal) stays
with each workflow, which knows its document; each refusal names its limit.

Refusals are :class:`QuantityRefused` (a message key and its parameters); the engine turns
both exceptions into outcomes. A workflow checks before it writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .settings import Setting, declare

MAX_DIGITS = 9
MAX_DECIMALS = 6
_TYPED = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)

#: decimals a unit takes (a unit not listed: whole numbers only)
DEFAULT_DECIMALS: dict[str, int] = {"KG": 3, "L": 3, "M": 2}
#: the site ceiling of each unit, above which a supervisor approves
DEFAULT_CEILINGS: dict[str, int] = {
    "EA": 1000,
    "PR": 1000,
    "BOX": 200,
    "CAN": 200,
    "TUBE": 500,
    "BTL": 500,
    "RL": 500,
    "PK": 500,
    "KG": 500,
    "L": 500,
    "M": 1000,
}

declare(
    Setting(
        "quantity_decimals",
        "table",
        DEFAULT_DECIMALS,
        "Decimals each unit takes, e.g. KG=3; M=2 (a unit not listed takes whole numbers).",
        "各计量单位可用的小数位数,例如 KG=3; M=2(未列出的单位只接受整数)。",
        low=0,
        high=MAX_DECIMALS,
        group="quantities",
    ),
    Setting(
        "quantity_ceilings",
        "table",
        DEFAULT_CEILINGS,
        "Site ceiling of one input per unit, e.g. EA=1000; above it a supervisor approves.",
        "各计量单位单次输入的站点上限,例如 EA=1000;超过须主管批准。",
        low=1,
        high=100000000,
        group="quantities",
    ),
    Setting(
        "quantity_ceiling_default",
        "int",
        1000,
        "Site ceiling of one input for a unit without a ceiling of its own.",
        "未单独设定上限的计量单位的单次输入上限。",
        low=1,
        high=100000000,
        group="quantities",
    ),
    Setting(
        "quantity_max",
        "int",
        100000,
        "The most one input may carry, whoever approves.",
        "单次输入的最大数量,无论谁批准都不得超过。",
        low=1,
        high=100000000,
        group="quantities",
    ),
)

MESSAGES = {
    "qty.not_a_number": (
        "{text} is not a quantity: type digits 0-9 and at most one decimal point, "
        "up to {max} (for example 12 or 2.5)."
    ),
    "qty.negative": "{text} is refused: a quantity is more than 0.",
    "qty.zero": "A quantity of 0 is refused here: it must be more than 0.",
    "qty.over_max": "{text} is refused: no input may carry more than {max}.",
    "qty.too_large": "{text} is refused: no input may carry more than {max} {unit}.",
    "qty.whole_units": "{text} is refused: {unit} is counted in whole units only.",
    "qty.too_many_decimals": "{text} is refused: {unit} takes at most {decimals} decimals.",
    "qty.needs_supervisor": (
        "{qty} {unit} is above the site ceiling of {ceiling} {unit}. A supervisor scans "
        "their badge and enters their PIN to approve it, or CANCEL."
    ),
    "qty.approver_pin": "{name}: enter your PIN to approve {qty} {unit}.",
    "qty.approver_refused": "{name} ({role}) may not approve a quantity: a supervisor must.",
    "qty.approval_expected": (
        "Waiting for a supervisor to approve {qty} {unit}: scan a supervisor's badge, or CANCEL."
    ),
    "qty.approval_cancelled": "{qty} {unit} not taken: nothing was changed.",
}


class QuantityRefused(Exception):
    """A quantity the rules refuse; ``key`` and ``params`` make the clerk's message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NeedsApproval(Exception):
    """A quantity above its unit's site ceiling: a supervisor must approve it."""

    def __init__(self, qty: Decimal, unit: str, ceiling: Decimal) -> None:
        super().__init__(f"{qty} {unit} > {ceiling}")
        self.qty = qty
        self.unit = unit
        self.ceiling = ceiling

    def params(self) -> dict[str, Any]:
        return {"qty": text_of(self.qty), "unit": self.unit, "ceiling": text_of(self.ceiling)}


def text_of(qty: Decimal) -> str:
    """A quantity as the clerk reads it: ``12``, ``2.5`` (no exponent, no trailing zeros)."""
    if qty == qty.to_integral_value():
        return f"{qty.quantize(Decimal(1)):f}"
    return f"{qty.normalize():f}"


def hard_max(settings: Mapping[str, Any]) -> Decimal:
    return Decimal(str(settings.get("quantity_max", 100000)))


def read_typed(value: Decimal | str, settings: Mapping[str, Any]) -> Decimal:
    """The quantity typed on the keypad, or :class:`QuantityRefused` naming the limit."""
    limit = text_of(hard_max(settings))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise QuantityRefused("qty.not_a_number", text=str(value), max=limit)
        text = f"{value:f}"
    else:
        text = value.strip()
    shown = text if len(text) <= 24 else text[:20] + "..."
    if text.startswith("-") and _TYPED.fullmatch(text[1:]):
        raise QuantityRefused("qty.negative", text=shown)
    if not _TYPED.fullmatch(text):
        raise QuantityRefused("qty.not_a_number", text=shown, max=limit)
    whole, _, fraction = text.partition(".")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise QuantityRefused("qty.over_max", text=shown, max=limit)
    if len(fraction.rstrip("0")) > MAX_DECIMALS:
        raise QuantityRefused(
            "qty.too_many_decimals", text=shown, unit="a quantity", decimals=MAX_DECIMALS
        )
    try:
        qty = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise QuantityRefused("qty.not_a_number", text=shown, max=limit) from None
    if qty > hard_max(settings):
        raise QuantityRefused("qty.over_max", text=shown, max=limit)
    return qty


def unit_rule(settings: Mapping[str, Any], unit: str) -> tuple[int, Decimal]:
    """The unit's (decimals allowed, site ceiling)."""
    decimals_of = settings.get("quantity_decimals") or {}
    ceilings = settings.get("quantity_ceilings") or {}
    key = unit.upper()
    decimals = int(decimals_of.get(unit, decimals_of.get(key, 0)))
    fallback = settings.get("quantity_ceiling_default", 1000)
    ceiling = Decimal(str(ceilings.get(unit, ceilings.get(key, fallback))))
    return decimals, ceiling


def check(
    settings: Mapping[str, Any],
    unit: str,
    qty: Decimal,
    *,
    zero_ok: bool = False,
    approved: Decimal | None = None,
) -> Decimal:
    """Check one quantity of ``unit``; returns it, or raises :class:`QuantityRefused` or
    :class:`NeedsApproval`. ``zero_ok`` where a count says "none here"; ``approved`` is the
    quantity a supervisor has just approved for this very input."""
    shown = text_of(qty) if qty.is_finite() else str(qty)
    if not qty.is_finite():
        raise QuantityRefused("qty.not_a_number", text=shown, max=text_of(hard_max(settings)))
    if qty < 0:
        raise QuantityRefused("qty.negative", text=shown)
    if qty == 0 and not zero_ok:
        raise QuantityRefused("qty.zero")
    limit = hard_max(settings)
    if qty > limit:
        raise QuantityRefused("qty.too_large", text=shown, max=text_of(limit), unit=unit)
    decimals, ceiling = unit_rule(settings, unit)
    places = -qty.normalize().as_tuple().exponent  # type: ignore[operator]
    if places > decimals:
        if decimals == 0:
            raise QuantityRefused("qty.whole_units", text=shown, unit=unit)
        raise QuantityRefused("qty.too_many_decimals", text=shown, unit=unit, decimals=decimals)
    if qty > ceiling and approved != qty:
        raise NeedsApproval(qty, unit, ceiling)
    return qty


def scanned_quantity(fields: Mapping[str, Any], unit: str, pack: Decimal) -> Decimal | None:
    """What a GS1 scan says it carries, in the item's unit: a net weight (AI 310n) for an
    item counted in kg, else the count (AI 30/37) times the pack; None when it says none."""
    weight = fields.get("net_weight_kg")
    if weight and unit.upper() == "KG":
        return Decimal(str(weight))
    count = fields.get("quantity")
    if count:
        return Decimal(str(count)) * pack
    return None
