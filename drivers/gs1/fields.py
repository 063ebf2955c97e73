# SPDX-License-Identifier: Apache-2.0
"""Typed field names for GS1 element strings (documented in docs/gs1.md).

:func:`typed_fields` maps ``[(ai, value), ...]`` to ``{name: text}``: dates become ISO
``2027-01-31`` (DD = 00 -> last day of the month), date-times ``2027-01-31T10:30``,
counts a plain integer ``"24"``, measures and amounts a decimal string without exponent or
trailing zeros (``3101000015`` -> ``net_weight_kg = "1.5"``). Named AIs use the names in
:data:`FIELD_NAMES`; the measure families 31nn-36nn use a name built from their title
(``length_m_log``); every other AI appears as ``ai_<AI>`` with its raw value.
Contract: never raises for values that passed ``element_string.validate_value``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Final

from drivers.gs1.ai_table import lookup_ai
from drivers.gs1.dates import parse_yymmdd

__all__ = ["DATE_FIELDS", "FIELD_NAMES", "typed_fields"]

FIELD_NAMES: Final[dict[str, str]] = {
    "00": "sscc", "01": "gtin", "02": "content_gtin", "03": "mto_gtin", "10": "lot",
    "20": "variant", "21": "serial", "22": "cpv", "235": "tpx", "240": "additional_id",
    "241": "customer_part_number", "242": "mto_variant", "243": "pcn",
    "250": "secondary_serial", "251": "reference_to_source", "253": "gdti",
    "254": "gln_extension", "255": "gcn", "400": "order_number", "401": "ginc",
    "402": "gsin", "403": "route", "410": "ship_to_gln", "411": "bill_to_gln",
    "412": "purchased_from_gln", "413": "ship_for_gln", "414": "location_gln",
    "415": "pay_to_gln", "416": "production_location_gln", "417": "party_gln",
    "420": "ship_to_postal_code", "422": "origin_country", "7001": "nsn",
    "7002": "meat_cut", "8003": "grai", "8004": "giai", "8005": "price_per_unit",
    "8006": "itip", "8010": "cpid", "8011": "cpid_serial", "8012": "software_version",
    "8013": "gmn", "8017": "gsrn_provider", "8018": "gsrn_recipient", "8019": "srin",
    "8020": "payment_reference", "8200": "product_url",
    **{str(n): f"internal_{n}" for n in range(90, 100)},
}  # fmt: skip
"""AI -> field name for AIs whose value is used as it is."""

DATE_FIELDS: Final[dict[str, str]] = {
    "11": "production_date", "12": "due_date", "13": "packaging_date",
    "15": "best_before", "16": "sell_by", "17": "expiry", "4326": "release_date",
    "7006": "first_freeze_date",
}  # fmt: skip
"""AI -> field name for YYMMDD date AIs."""

_DATETIME_FIELDS: Final[dict[str, str]] = {
    "7003": "expiry_datetime",
    "8008": "production_datetime",
}

_AMOUNT_FIELDS: Final[dict[str, str]] = {
    "390": "amount", "391": "amount", "392": "price", "393": "price",
    "394": "percent_off", "395": "price_per_uom",
}  # fmt: skip


def _decimal(digits: str, places: int) -> str:
    number = Decimal(int(digits)).scaleb(-places)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _slug(title: str) -> str:
    plain = title.lower().replace("²", "2").replace("³", "3")
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _datetime(value: str, today: date) -> str | None:
    day = parse_yymmdd(value[:6], today, zero_day=False)
    if day is None:
        return None
    hours, minutes = value[6:8], value[8:10] or "00"
    seconds = value[10:12]
    text = f"{day.isoformat()}T{hours}:{minutes}"
    return f"{text}:{seconds}" if seconds else text


def _measure(ai: str, value: str, fields: dict[str, str]) -> None:
    places = int(ai[3])
    if ai[:2] in ("31", "32", "33", "34", "35", "36"):
        spec = lookup_ai(ai)
        fields[_slug(spec.title) if spec else f"ai_{ai}"] = _decimal(value, places)
        return
    name = _AMOUNT_FIELDS.get(ai[:3], f"ai_{ai}")
    if ai[:3] in ("391", "393"):
        fields[f"{name}_currency"] = value[:3]
        value = value[3:]
    fields[name] = _decimal(value, places)


def _add_field(ai: str, value: str, today: date, fields: dict[str, str]) -> None:
    if ai in DATE_FIELDS:
        day = parse_yymmdd(value, today, zero_day=True)
        fields[DATE_FIELDS[ai]] = day.isoformat() if day else value
    elif ai in _DATETIME_FIELDS:
        fields[_DATETIME_FIELDS[ai]] = _datetime(value, today) or value
    elif ai in ("30", "37"):
        if ai == "37" or "quantity" not in fields:
            fields["quantity"] = str(int(value))
    elif len(ai) == 4 and ai[:2] in ("31", "32", "33", "34", "35", "36", "39"):
        _measure(ai, value, fields)
    else:
        fields[FIELD_NAMES.get(ai, f"ai_{ai}")] = value


def typed_fields(pairs: list[tuple[str, str]], today: date) -> dict[str, str]:
    """Typed fields for validated element strings (see the module docstring)."""
    fields: dict[str, str] = {}
    for ai, value in pairs:
        _add_field(ai, value, today, fields)
    return fields
