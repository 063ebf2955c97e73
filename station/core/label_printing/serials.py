# SPDX-License-Identifier: Apache-2.0
"""The numbers labels take: SSCCs from the GS1 company prefix and extension digit (settings
``label_company_prefix``, ``label_sscc_extension_digit``) and RFID serials per GTIN, each from
its counter in ``label_counters``, taken in the caller's transaction so none is handed out
twice. The print queue (:mod:`station.core.label_printing.queue`) takes them when it stores a
job.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from drivers.gs1.check_digit import gs1_check_digit

from ..clock import SystemClock
from ..store import schema
from ..store.database import Store
from ..store.events import append_audit
from ..store.raw_rows import fetch_value
from .tables import label_counters


class LabelSetupError(ValueError):
    """The station is not set up for this (no company prefix for SSCCs, unknown job)."""


def stored_setting(conn: Connection, key: str, default: Any) -> Any:
    value = fetch_value(conn, "SELECT value FROM settings WHERE key = ?", (key,))
    return default if value is None else json.loads(value)


def put_stored_setting(conn: Connection, key: str, value: Any, now: datetime) -> None:
    table = schema.settings
    conn.execute(table.delete().where(table.c.key == key))
    conn.execute(
        table.insert().values(key=key, value=json.dumps(value), updated_at=now.isoformat())
    )


def set_company_prefix(
    store: Store, prefix: str, extension_digit: int = 0, *, now: datetime | None = None
) -> None:
    """Set the GS1 company prefix (6-12 digits) and SSCC extension digit (0-9); audited."""
    if not (prefix.isascii() and prefix.isdigit() and 6 <= len(prefix) <= 12):
        raise LabelSetupError(f"GS1 company prefix must be 6 to 12 digits, got {prefix!r}")
    if not 0 <= extension_digit <= 9:
        raise LabelSetupError("SSCC extension digit must be 0 to 9")
    now = now or SystemClock().now()
    with store.transaction() as conn:
        put_stored_setting(conn, "label_company_prefix", prefix, now)
        put_stored_setting(conn, "label_sscc_extension_digit", extension_digit, now)
        append_audit(
            conn, now, None, "label.prefix", {"prefix": prefix, "extension": extension_digit}
        )


def allocate_sscc(conn: Connection, now: datetime) -> str:
    """Take the next SSCC (18 digits) in the caller's write transaction; never reused.

    Raises LabelSetupError without a company prefix or when the series is used up.
    """
    prefix = str(stored_setting(conn, "label_company_prefix", ""))
    extension = int(stored_setting(conn, "label_sscc_extension_digit", 0))
    if not prefix:
        raise LabelSetupError(
            "no GS1 company prefix is set for SSCCs: run `station label prefix PREFIX`"
        )
    width = 16 - len(prefix)
    value = _take(conn, f"sscc:{extension}{prefix}", 10**width - 1, now)
    body = f"{extension}{prefix}{value:0{width}d}"
    return body + str(gs1_check_digit(body))


def _take(conn: Connection, name: str, limit: int, now: datetime) -> int:
    """The next value (from 1) of counter ``name`` in the caller's transaction."""
    current = conn.execute(
        select(label_counters.c.next_value).where(label_counters.c.name == name)
    ).scalar()
    value = 1 if current is None else int(current)
    if value > limit:
        raise LabelSetupError(f"the number series {name} is used up ({limit} numbers)")
    stamp = now.isoformat()
    if current is None:
        conn.execute(label_counters.insert().values(name=name, next_value=2, updated_at=stamp))
    else:
        conn.execute(
            label_counters.update()
            .where(label_counters.c.name == name)
            .values(next_value=value + 1, updated_at=stamp)
        )
    return value


def fill_rfid_serial(conn: Connection, obj: dict[str, Any], now: datetime) -> None:
    """An RFID batch label with ``"epc_serial": "auto"`` gets the next serial of its GTIN
    (series ``sgtin:<GTIN-14>``) and, if not given, the company prefix length of the
    station's prefix."""
    if obj.get("epc_serial") != "auto":
        return
    gtin = str(obj.get("gtin", "")).strip().rjust(14, "0")
    obj["epc_serial"] = str(_take(conn, f"sgtin:{gtin}", 2**38 - 1, now))
    if not obj.get("company_prefix_length"):
        prefix = str(stored_setting(conn, "label_company_prefix", ""))
        if not prefix:
            raise LabelSetupError(
                "RFID labels need company_prefix_length or `station label prefix PREFIX`"
            )
        obj["company_prefix_length"] = len(prefix)
