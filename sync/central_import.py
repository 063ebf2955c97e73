# SPDX-License-Identifier: Apache-2.0
"""Master data and opening stock, written centrally (``station central import KIND FILE``).

Central owns master data: it is imported here, in the formats of ``station import`` (the
records of :mod:`station.core.imports`), and every change is logged in ``central_changes``
with a natural-key payload (see :mod:`sync.master_pull`) in the same transaction, so stations
pull it by cursor. Retiring a record logs a tombstone. Opening stock becomes movement events of
station ``CENTRAL`` (its own incarnation), which every station pulls into its ledger; a stock
file replaces the opening balances it names (:func:`import_stock`). Each file taken is
recorded by the SHA-256 of its bytes (``central_imports``): the same file again changes
nothing.

Set-based: items, locations and users go in with one multi-row upsert per statement; the
change log with one multi-row insert. Works on PostgreSQL and on a SQLite central.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from station.core.master_data import OrderLine, upsert_expected_receipt, upsert_issue_order
from station.core.store import schema
from station.core.store.events import canonical_json, iso
from station.core.store.types import to_decimal

from .central_schema import (
    CENTRAL_STATION,
    central_changes,
    central_events,
    central_imports,
    central_meta,
)

CHUNK = 5000


def _insert(conn: Connection, table: Any) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]], key: str) -> None:
    """One executemany upsert (SQLAlchemy batches it as multi-row VALUES)."""
    stmt = _insert(conn, table)
    update = {c: stmt.excluded[c] for c in rows[0] if c != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=update), rows)


def log_changes(
    conn: Connection, kind: str, changes: Iterable[tuple[str, str, dict[str, Any]]], now: datetime
) -> int:
    """Append (key, op, payload) changes of ``kind`` to the change log."""
    rows = [
        {
            "kind": kind,
            "key": key,
            "op": op,
            "payload": canonical_json(payload),
            "changed_at": iso(now),
        }
        for key, op, payload in changes
    ]
    for start in range(0, len(rows), CHUNK):
        conn.execute(central_changes.insert(), rows[start : start + CHUNK])
    return len(rows)


def _text(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def import_items(conn: Connection, records: Sequence[Any], now: datetime) -> int:
    fields = (
        "name spec unit unit_cost category abc_class owner min_qty max_qty "
        "min_shelf_life_days serialised"
    ).split()
    rows = [
        {"sku": r.sku, **{f: getattr(r, f) for f in fields}, "active": True, "updated_at": iso(now)}
        for r in records
    ]
    if not rows:
        return 0
    _upsert(conn, schema.items, rows, "sku")
    ids = dict(conn.execute(select(schema.items.c.sku, schema.items.c.id)).all())
    gtins = [{"gtin": g, "item_id": ids[r.sku], "pack_qty": q} for r in records for g, q in r.gtins]
    if gtins:
        _upsert(conn, schema.gtins, gtins, "gtin")
    changes = []
    for r in records:
        payload = {"sku": r.sku, "active": True, **{f: _text(getattr(r, f)) for f in fields}}
        payload["gtins"] = [[g, _text(q)] for g, q in r.gtins]
        changes.append((r.sku, "upsert", payload))
    return log_changes(conn, "item", changes, now)


def import_locations(conn: Connection, records: Sequence[Any], now: datetime) -> int:
    rows = [
        {
            "code": r.code,
            "barcode": r.barcode,
            "zone": r.zone,
            "warehouse": r.warehouse,
            "active": True,
        }
        for r in records
    ]
    if not rows:
        return 0
    _upsert(conn, schema.locations, rows, "code")
    return log_changes(conn, "location", ((r["code"], "upsert", r) for r in rows), now)


def import_users(conn: Connection, records: Sequence[Any], now: datetime) -> int:
    for r in records:
        if r.role not in schema.ROLES:
            raise ValueError(f"user {r.badge}: unknown role {r.role!r}")
    rows = [{"badge": r.badge, "name": r.name, "role": r.role, "active": True} for r in records]
    if not rows:
        return 0
    _upsert(conn, schema.users, rows, "badge")
    return log_changes(conn, "user", ((r["badge"], "upsert", r) for r in rows), now)


def _item_ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(schema.items.c.sku, schema.items.c.id)).all())


def import_orders(conn: Connection, kind: str, records: Sequence[Any], now: datetime) -> int:
    """Receipts (``kind="receipts"``) or issue orders (``"issues"``), grouped by reference."""
    ids = _item_ids(conn)
    locations = dict(conn.execute(select(schema.locations.c.code, schema.locations.c.id)).all())
    groups: dict[str, list[Any]] = {}
    for r in records:
        if r.sku not in ids:
            raise ValueError(
                f"{r.reference}: SKU {r.sku!r} is not a known item; import items first"
            )
        groups.setdefault(r.reference, []).append(r)
    changes = []
    for reference, recs in groups.items():
        first = recs[0]
        lines = [
            OrderLine(
                r.line_no,
                ids[r.sku],
                to_decimal(r.qty),
                r.lot,
                getattr(r, "expiry", None),
                locations.get(getattr(r, "location", None) or ""),
            )
            for r in recs
        ]
        line_payload = [
            {
                "line_no": r.line_no,
                "sku": r.sku,
                "qty": _text(r.qty),
                "lot_no": r.lot,
                "expiry": r.expiry.isoformat() if getattr(r, "expiry", None) else None,
                "location": getattr(r, "location", None),
            }
            for r in recs
        ]
        if kind == "receipts":
            _, status = upsert_expected_receipt(
                conn, reference, first.supplier, first.expected_date, lines, now
            )
            payload: dict[str, Any] = {
                "reference": reference,
                "supplier": first.supplier,
                "expected_date": first.expected_date.isoformat() if first.expected_date else None,
                "lines": line_payload,
            }
        else:
            _, status = upsert_issue_order(conn, reference, first.destination, lines, now)
            payload = {
                "reference": reference,
                "destination": first.destination,
                "lines": line_payload,
            }
        if status != "in_progress":
            changes.append((reference, "upsert", payload))
    return log_changes(conn, "receipt" if kind == "receipts" else "issue", changes, now)


def retire(conn: Connection, kind: str, key: str, now: datetime) -> None:
    """Tombstone one master record (``item`` SKU, ``location`` code, ``user`` badge,
    ``receipt``/``issue`` reference): inactive/cancelled centrally and on every station."""
    tables: dict[str, tuple[Any, str, dict[str, Any]]] = {
        "item": (schema.items, "sku", {"active": False}),
        "location": (schema.locations, "code", {"active": False}),
        "user": (schema.users, "badge", {"active": False}),
        "receipt": (schema.expected_receipts, "reference", {"status": "cancelled"}),
        "issue": (schema.issue_orders, "reference", {"status": "cancelled"}),
    }
    table, column, values = tables[kind]
    conn.execute(table.update().where(table.c[column] == key).values(**values))
    log_changes(conn, kind, [(key, "delete", {column: key})], now)


def _central_incarnation(conn: Connection) -> str:
    value = conn.execute(
        select(central_meta.c.value).where(central_meta.c.key == "central_incarnation")
    ).scalar()
    if value is None:
        value = str(uuid.uuid4())
        conn.execute(central_meta.insert().values(key="central_incarnation", value=value))
    return str(value)


def opening_stock(conn: Connection) -> dict[tuple[str, str, str | None], Decimal]:
    """(SKU, location, lot) -> the opening balance central's own events set, all imports
    taken together."""
    e = central_events.c
    held: dict[tuple[str, str, str | None], Decimal] = {}
    for payload in conn.execute(
        select(e.payload).where(e.station_id == CENTRAL_STATION, e.kind == "movement")
    ).scalars():
        body = json.loads(payload)
        if body.get("kind") != "opening":
            continue
        key = (body["item_sku"], body["location_code"], body.get("lot_no"))
        held[key] = held.get(key, Decimal(0)) + Decimal(str(body["qty"]))
    return held


def import_stock(conn: Connection, records: Sequence[Any], now: datetime, source: str) -> int:
    """Opening stock as ``opening`` movement events of station CENTRAL. The file *replaces*
    the opening balance of each (SKU, location, lot) it names, never adds to it: an event
    carries the difference from what earlier imports set (nothing when they agree), so the
    same stock imported twice leaves central stock as it was. Balances the file does not
    name are left as they are. Returns the events written."""
    ids = _item_ids(conn)
    costs = dict(conn.execute(select(schema.items.c.sku, schema.items.c.unit_cost)).all())
    known_locations = set(conn.execute(select(schema.locations.c.code)).scalars())
    wanted: dict[tuple[str, str, str | None], Decimal] = {}
    first: dict[tuple[str, str, str | None], Any] = {}
    for r in records:
        if r.sku not in ids:
            raise ValueError(f"SKU {r.sku!r} is not a known item; import items first")
        if r.location not in known_locations:
            raise ValueError(f"location {r.location!r} is not known; import locations first")
        key = (r.sku, r.location, r.lot)
        wanted[key] = wanted.get(key, Decimal(0)) + to_decimal(r.qty)
        first.setdefault(key, r)
    held = opening_stock(conn)
    incarnation = _central_incarnation(conn)
    e = central_events.c
    top = conn.execute(
        select(func.max(e.seq)).where(
            e.station_id == CENTRAL_STATION, e.incarnation_id == incarnation
        )
    ).scalar()
    seq = int(top or 0)
    rows = []
    for key, qty in wanted.items():
        before = held.get(key, Decimal(0))
        delta = qty - before
        if delta == 0:
            continue
        r = first[key]
        seq += 1
        cost = r.unit_cost if r.unit_cost is not None else costs.get(r.sku) or Decimal(0)
        payload = {
            "uuid": str(uuid.uuid4()),
            "kind": "opening",
            "item_sku": r.sku,
            "location_code": r.location,
            "lot_no": r.lot,
            "lot_expiry": r.expiry.isoformat() if r.expiry else None,
            "qty": delta,
            "unit_cost": cost,
            "reason": "opening balance import"
            if before == 0
            else f"opening balance replaced: {before} -> {qty}",
            "reference": source,
            "ts": iso(now),
        }
        rows.append(
            {
                "station_id": CENTRAL_STATION,
                "incarnation_id": incarnation,
                "seq": seq,
                "uuid": str(uuid.uuid4()),
                "kind": "movement",
                "payload": canonical_json(payload),
                "created_at": iso(now),
            }
        )
    for start in range(0, len(rows), CHUNK):
        conn.execute(central_events.insert(), rows[start : start + CHUNK])
    return len(rows)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def already_imported(conn: Connection, kind: str, digest: str) -> tuple[str, str] | None:
    """(file name, time) when a file with these bytes was imported as ``kind`` before."""
    t = central_imports.c
    row = conn.execute(
        select(t.source, t.imported_at).where(t.kind == kind, t.file_hash == digest)
    ).first()
    return None if row is None else (str(row.source), str(row.imported_at))


def record_import(
    conn: Connection, kind: str, digest: str, source: str, rows: int, changes: int, now: datetime
) -> None:
    conn.execute(
        central_imports.insert().values(
            kind=kind,
            file_hash=digest,
            source=source,
            rows=rows,
            changes=changes,
            imported_at=iso(now),
        )
    )
