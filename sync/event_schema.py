# SPDX-License-Identifier: Apache-2.0
"""What an event must look like before central takes it or a station applies it.

Every event's payload is a JSON object. A ``movement`` (as pushed, natural keys added) needs
its movement ``uuid``, ``kind``, ``item_sku``, ``location_code``, a decimal ``qty`` (plain
digits, as :func:`station.core.store.types.decimal_text` writes it), an ISO ``ts`` and, when
given, a decimal ``unit_cost``. Central checks the same rules in SQL
(``central_event_problem``, migration c003; the time by its shape) for every pushed row; a
station checks them again for every row it pulls, so an event that slipped past an older
central is parked, never applied half-way.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
UUID_TEXT = re.compile(r"[0-9a-fA-F-]{32,36}")
TS_START = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def payload_problem(kind: str, payload: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the parsed payload, None) when the event is well-formed, else (None, a sentence)."""
    try:
        body = json.loads(payload)
    except (TypeError, ValueError):
        return None, "the payload is not JSON"
    if not isinstance(body, dict):
        return None, "the payload is not a JSON object"
    problem = movement_problem(body) if kind == "movement" else None
    return (None, problem) if problem else (body, None)


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


#: the texts a movement needs, each with the sentence that says it is missing
_NEEDED = (
    ("kind", "a movement needs its kind"),
    ("item_sku", "a movement needs the item's SKU"),
    ("location_code", "a movement needs a location code"),
)


def movement_problem(body: dict[str, Any]) -> str | None:
    """A sentence saying what a movement payload lacks, or None when it is complete (checked
    for every pulled row: written for speed, one lookup per key)."""
    get = body.get
    uuid = get("uuid")
    if not (uuid and isinstance(uuid, str) and UUID_TEXT.fullmatch(uuid)):
        return "a movement needs its uuid"
    for key, sentence in _NEEDED:
        value = get(key)
        if not (value and isinstance(value, str)):
            return sentence
    qty = get("qty")
    if not (isinstance(qty, str) and DECIMAL.fullmatch(qty)) and (
        qty is None or isinstance(qty, bool) or not DECIMAL.fullmatch(str(qty))
    ):
        return "a movement needs a decimal quantity"
    cost = get("unit_cost")
    if cost is not None and (isinstance(cost, bool) or not DECIMAL.fullmatch(str(cost))):
        return "the unit cost is not a decimal"
    ts = get("ts")
    if not (ts and isinstance(ts, str) and TS_START.match(ts)):
        return "a movement needs its time"
    try:
        datetime.fromisoformat(ts)
    except ValueError:
        return "a movement needs its time"
    return None
