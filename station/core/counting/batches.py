# SPDX-License-Identifier: Apache-2.0
"""Memory-scanner batches: what a docked handheld sends, understood as a count.

A batch is text, one record per line (serial or USB-COM lines, a keystroke burst, or a file);
each record is ``[TIMESTAMP<sep>]CODE[<sep>QTY]`` with ``<sep>`` a comma, tab or semicolon.
TIMESTAMP is ISO 8601 (``2026-11-24T10:01:02``, ``2026-11-24 10:01:02``, with or without an
offset: without one it is the station's time zone). CODE is a location (``$LOC-A-01-1``, a
location code or barcode) or an item barcode (EAN/UPC/GTIN or GS1 with (10) lot and (30)/(37)
quantity). QTY is the number of scanned packs (default 1). Item records count at the last
location scanned before them. Blank lines and lines starting with ``#`` are ignored.
docs/devices/memory-scanner-batches.md documents the formats.

:func:`parse_records` is pure; :func:`understand` resolves codes against the store (read
only) and returns the preview the counter confirms. Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection

from ..scan_meaning import interpret
from ..store import catalog
from ..store.types import decimal_text

SEPARATORS = re.compile(r"[,\t;]")
MAX_RECORDS = 20000


@dataclass(frozen=True)
class Record:
    line_no: int
    ts: datetime | None
    code: str
    qty: Decimal
    raw: str


@dataclass(frozen=True)
class RecordError:
    line_no: int
    raw: str
    reason: str


def _timestamp(text: str, tz: tzinfo) -> datetime | None:
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=tz)


def _qty(text: str) -> Decimal | None:
    try:
        qty = Decimal(text.strip())
    except InvalidOperation:
        return None
    return qty if qty.is_finite() and qty >= 0 else None


def parse_records(lines: list[str], tz: tzinfo) -> tuple[list[Record], list[RecordError]]:
    """Split raw batch lines into records; malformed lines become errors (never raise)."""
    records: list[Record] = []
    errors: list[RecordError] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().strip("\x00")
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in SEPARATORS.split(line)]
        ts = _timestamp(fields[0], tz) if len(fields) > 1 else None
        if ts is not None:
            fields = fields[1:]
        if not fields or not fields[0] or len(fields) > 2:
            errors.append(RecordError(number, raw, "expected [TIMESTAMP,]CODE[,QTY]"))
            continue
        qty = Decimal(1)
        if len(fields) == 2:
            parsed = _qty(fields[1])
            if parsed is None:
                errors.append(RecordError(number, raw, f"bad quantity {fields[1]!r}"))
                continue
            qty = parsed
        records.append(Record(number, ts, fields[0], qty, raw))
        if len(records) > MAX_RECORDS:
            errors.append(RecordError(number, raw, f"more than {MAX_RECORDS} records"))
            break
    return records, errors


def _location(conn: Connection, code: str) -> catalog.Location | None:
    meaning = interpret(code)
    if meaning.kind == "location" and meaning.internal is not None:
        return catalog.location_by_code(conn, meaning.internal.value)
    if meaning.kind == "text":
        return catalog.location_by_barcode(conn, code) or catalog.location_by_code(conn, code)
    return None


def understand(
    conn: Connection,
    lines: list[str],
    tz: tzinfo,
    allowed_locations: dict[int, str],
    counted: set[int],
    item_only: int | None = None,
) -> dict[str, Any]:
    """The preview of a batch: ``{"locations": [{"code", "location_id", "first_ts",
    "last_ts", "lines": [{"item_id", "sku", "name", "lot_no", "expiry", "qty", "gtin",
    "ts", "line_no"}]}], "errors": [{"line_no", "raw", "reason"}], "records": N}``."""
    records, bad = parse_records(lines, tz)
    errors = [{"line_no": e.line_no, "raw": e.raw, "reason": e.reason} for e in bad]
    locations: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for rec in records:
        loc = _location(conn, rec.code)
        if loc is not None:
            if loc.id not in allowed_locations:
                current = None
                errors.append(_err(rec, f"{loc.code} is not a location of this task"))
            elif loc.id in counted or any(x["location_id"] == loc.id for x in locations):
                current = next((x for x in locations if x["location_id"] == loc.id), None)
                if current is None:
                    errors.append(_err(rec, f"{loc.code} is already counted"))
            else:
                current = {
                    "code": loc.code,
                    "location_id": loc.id,
                    "first_ts": rec.ts.isoformat() if rec.ts else None,
                    "last_ts": rec.ts.isoformat() if rec.ts else None,
                    "lines": [],
                }
                locations.append(current)
            continue
        line = _item_line(conn, rec, item_only)
        if isinstance(line, str):
            errors.append(_err(rec, line))
        elif current is None:
            errors.append(_err(rec, "an item before any location of the task"))
        else:
            current["lines"].append(line)
            if rec.ts is not None:
                current["last_ts"] = rec.ts.isoformat()
                current["first_ts"] = current["first_ts"] or rec.ts.isoformat()
    return {"locations": locations, "errors": errors, "records": len(records)}


def _err(rec: Record, reason: str) -> dict[str, Any]:
    return {"line_no": rec.line_no, "raw": rec.raw, "reason": reason}


def _item_line(conn: Connection, rec: Record, item_only: int | None) -> dict[str, Any] | str:
    meaning = interpret(rec.code)
    if meaning.kind == "invalid":
        return f"bad barcode: {meaning.error or meaning.error_code}"
    if meaning.kind not in ("gtin", "gs1") or not meaning.gtin:
        item = catalog.item_by_sku(conn, rec.code)
        if item is None:
            return f"{rec.code} is not an item or location"
        pack, gtin = Decimal(1), None
    else:
        found = catalog.item_by_gtin(conn, meaning.gtin)
        if found is None:
            return f"GTIN {meaning.gtin} is not a known item"
        item, pack = found
        gtin = meaning.gtin
    if item_only is not None and item.id != item_only:
        return f"{item.sku} is not the item of this count"
    per_scan = pack
    if meaning.fields.get("quantity"):
        per_scan = Decimal(meaning.fields["quantity"]) * pack
    return {
        "item_id": item.id,
        "sku": item.sku,
        "name": item.name,
        "lot_no": meaning.fields.get("lot"),
        "expiry": meaning.fields.get("expiry"),
        "qty": decimal_text(per_scan * rec.qty),
        "gtin": gtin,
        "ts": rec.ts.isoformat() if rec.ts else None,
        "line_no": rec.line_no,
    }
