# SPDX-License-Identifier: Apache-2.0
"""Applying central's master-data changes to the station's store, by natural key.

Central owns master data (docs/sync.md): the station takes each change as it comes, keyed by
SKU, GTIN, location code, badge or reference, never by central's row ids (a station that
started standalone has its own ids). Tombstones deactivate items, locations and users (the
ledger still points at them) and cancel open orders. PIN hashes come from central (set
through ``central_set_pin``, see :mod:`sync.badges`); lock state and wrong-PIN counts stay
local.

Change payloads (written by :mod:`sync.central_import`):

* ``item``: the item's columns by name plus ``gtins`` ``[[gtin, pack_qty], ...]``
* ``location``: ``code, barcode, zone, warehouse, active``
* ``user``: ``badge, name, role, active``
* ``pin``: ``badge, pin_hash, origin, station`` (a PIN central took from a station)
* ``enrolment``: ``id, badge, code_hash, proof_salt, expires_at``; its tombstone (key: the
  id) withdraws the code (used or replaced)
* ``count_task`` (derived centrally, see :mod:`sync.central_derive`): ``reference, scope,
  location, sku, priority, reason, due_date``
* ``stale_outcome`` (recorded in the central web view, see :mod:`sync.central_web_schema`):
  ``key, kind, sku, lot_no, location, action, qty, released, reason, by, at``; the station
  closes its open stale-stock task for the same item, lot and location with it, or keeps it
  as a closed task of its own, so the station's task list shows what the owner decided
* ``receipt``: ``reference, supplier, expected_date, lines [{line_no, sku, qty, lot_no,
  expiry}]``; ``issue``: ``reference, destination, lines [{line_no, sku, qty, lot_no,
  location}]``

Runs inside the caller's write transaction (with the cursor it advances).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection

from station.core.master_data import OrderLine, upsert_expected_receipt, upsert_issue_order
from station.core.store.events import driver_connection
from station.core.store.types import decimal_text, to_decimal

Change = tuple[str, str, str, str, str]
"""(kind, key, op, payload JSON, changed_at)"""

ITEM_COLUMNS = (
    "sku",
    "name",
    "spec",
    "unit",
    "unit_cost",
    "category",
    "abc_class",
    "owner",
    "min_qty",
    "max_qty",
    "min_shelf_life_days",
    "serialised",
    "active",
)
_DECIMALS = {"unit_cost", "min_qty", "max_qty"}
_ITEM_UPSERT = (
    f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}, updated_at) "
    f"VALUES ({', '.join('?' for _ in ITEM_COLUMNS)}, ?) ON CONFLICT(sku) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*ITEM_COLUMNS[1:], "updated_at"))
)
_GTIN_UPSERT = (
    "INSERT INTO gtins (gtin, item_id, pack_qty) SELECT ?, id, ? FROM items WHERE sku = ? "
    "ON CONFLICT(gtin) DO UPDATE SET item_id = excluded.item_id, pack_qty = excluded.pack_qty"
)
_LOCATION_UPSERT = (
    "INSERT INTO locations (code, barcode, zone, warehouse, active) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(code) DO UPDATE SET barcode = excluded.barcode, zone = excluded.zone, "
    "warehouse = excluded.warehouse, active = excluded.active"
)
_USER_UPSERT = (
    "INSERT INTO users (badge, name, role, active) VALUES (?, ?, ?, ?) "
    "ON CONFLICT(badge) DO UPDATE SET name = excluded.name, role = excluded.role, "
    "active = excluded.active"
)
_PIN_UPDATE = "UPDATE users SET pin_hash = ?, pin_origin = ?, pin_is_one_time = 0 WHERE badge = ?"
_ENROLMENT_UPSERT = (
    "INSERT INTO enrolments (badge, code_hash, proof_salt, expires_at, central_id) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(central_id) DO UPDATE SET badge = excluded.badge, "
    "code_hash = excluded.code_hash, proof_salt = excluded.proof_salt, "
    "expires_at = excluded.expires_at"
)
_TOMBSTONES = {
    "item": "UPDATE items SET active = 0 WHERE sku = ?",
    "location": "UPDATE locations SET active = 0 WHERE code = ?",
    "user": "UPDATE users SET active = 0 WHERE badge = ?",
    "enrolment": "DELETE FROM enrolments WHERE central_id = CAST(? AS INTEGER)",
    "receipt": "UPDATE expected_receipts SET status = 'cancelled' "
    "WHERE reference = ? AND status = 'open'",
    "issue": "UPDATE issue_orders SET status = 'cancelled' WHERE reference = ? AND status = 'open'",
}


def _dec_text(value: Any) -> str | None:
    return None if value is None else decimal_text(to_decimal(value))


def _item_row(payload: dict[str, Any], changed_at: str) -> tuple[Any, ...]:
    values = []
    for column in ITEM_COLUMNS:
        value = payload.get(column)
        if column in _DECIMALS:
            value = _dec_text(value)
        elif column in ("serialised", "active"):
            value = 1 if (value if value is not None else column == "active") else 0
        elif value is None and column in ("spec", "category", "owner"):
            value = ""
        elif value is None and column == "unit":
            value = "EA"
        values.append(value)
    return (*values, changed_at)


def apply_changes(conn: Connection, changes: Sequence[Change]) -> int:
    """Apply ``changes`` in order (runs of the same kind go in one executemany)."""
    run: list[Change] = []
    for change in changes:
        if run and (change[0], change[2]) != (run[0][0], run[0][2]):
            _apply_run(conn, run)
            run = []
        run.append(change)
    if run:
        _apply_run(conn, run)
    return len(changes)


def _apply_run(conn: Connection, run: list[Change]) -> None:
    db = driver_connection(conn)
    kind, op = run[0][0], run[0][2]
    if op == "delete":
        if kind in _TOMBSTONES:
            db.executemany(_TOMBSTONES[kind], [(c[1],) for c in run])
        return
    payloads = [(json.loads(c[3]), c[4]) for c in run]
    if kind == "item":
        db.executemany(_ITEM_UPSERT, [_item_row(p, at) for p, at in payloads])
        db.executemany(
            _GTIN_UPSERT,
            [(g, _dec_text(q), p["sku"]) for p, _ in payloads for g, q in p.get("gtins") or ()],
        )
    elif kind == "location":
        db.executemany(
            _LOCATION_UPSERT,
            [
                (
                    p["code"],
                    p.get("barcode"),
                    p.get("zone") or "",
                    p.get("warehouse") or "",
                    1 if p.get("active", True) else 0,
                )
                for p, _ in payloads
            ],
        )
    elif kind == "user":
        db.executemany(
            _USER_UPSERT,
            [
                (p["badge"], p["name"], p["role"], 1 if p.get("active", True) else 0)
                for p, _ in payloads
            ],
        )
    elif kind == "pin":
        db.executemany(
            _PIN_UPDATE, [(p["pin_hash"], p.get("origin"), p["badge"]) for p, _ in payloads]
        )
    elif kind == "enrolment":
        db.executemany(
            _ENROLMENT_UPSERT,
            [
                (p["badge"], p["code_hash"], p.get("proof_salt"), p["expires_at"], int(p["id"]))
                for p, _ in payloads
            ],
        )
    elif kind == "count_task":
        for payload, changed_at in payloads:
            _apply_count_task(db, payload, changed_at)
    elif kind in ("receipt", "issue"):
        for payload, changed_at in payloads:
            _apply_order(conn, kind, payload, changed_at)
    elif kind == "stale_outcome":
        for payload, changed_at in payloads:
            _apply_stale_outcome(db, payload, changed_at)


_STALE_KINDS = {"near_expiry": ("near_expiry", "expired"), "slow": ("stale",)}


def _apply_stale_outcome(db: Any, payload: dict[str, Any], changed_at: str) -> None:
    """An owner's outcome from the central web view, shown on the station's task."""
    item = db.execute("SELECT id FROM items WHERE sku = ?", (payload.get("sku"),)).fetchone()
    if item is None:
        return  # an item this station never had: nothing of it to show here
    location = db.execute(
        "SELECT id FROM locations WHERE code = ?", (payload.get("location") or "",)
    ).fetchone()
    lot = db.execute(
        "SELECT id FROM lots WHERE item_id = ? AND lot_no = ?", (item[0], payload.get("lot_no"))
    ).fetchone()
    detail = (
        f"central: {payload.get('action')} {payload.get('qty')} by {payload.get('by') or '?'}, "
        f"released {payload.get('released')}"
        + (f" ({payload['reason']})" if payload.get("reason") else "")
    )[:200]
    kinds = _STALE_KINDS.get(payload.get("kind") or "", (payload.get("kind") or "",))
    open_task = db.execute(
        "SELECT id FROM stale_tasks WHERE status = 'open' AND item_id = ? "
        "AND lot_id IS ? AND location_id IS ? AND kind IN ("
        + ", ".join("?" for _ in kinds)
        + ") ORDER BY id LIMIT 1",
        (item[0], lot[0] if lot else None, location[0] if location else None, *kinds),
    ).fetchone()
    at = payload.get("at") or changed_at
    if open_task is not None:
        db.execute(
            "UPDATE stale_tasks SET status = 'done', outcome = ?, closed_at = ?, detail = ? "
            "WHERE id = ?",
            (payload.get("action"), at, detail, open_task[0]),
        )
        return
    db.execute(
        "INSERT INTO stale_tasks (key, kind, item_id, lot_id, location_id, action, owner, "
        "due_date, status, qty, value, detail, created_at, closed_at, outcome) "
        "SELECT ?, ?, ?, ?, ?, ?, '', ?, 'done', ?, ?, ?, ?, ?, ? "
        "WHERE NOT EXISTS (SELECT 1 FROM stale_tasks WHERE key = ?)",
        (
            ("central:" + str(payload.get("key")))[:120],
            (payload.get("kind") or "stale")[:16],
            item[0],
            lot[0] if lot else None,
            location[0] if location else None,
            payload.get("action"),
            str(at)[:10],
            payload.get("qty") or "0",
            payload.get("released") or "0",
            detail,
            at,
            at,
            payload.get("action"),
            ("central:" + str(payload.get("key")))[:120],
        ),
    )


def _apply_count_task(db: Any, payload: dict[str, Any], changed_at: str) -> None:
    """A count task derived centrally: created once by reference, left alone once started."""
    location = db.execute(
        "SELECT id FROM locations WHERE code = ?", (payload.get("location"),)
    ).fetchone()
    item = db.execute("SELECT id FROM items WHERE sku = ?", (payload.get("sku"),)).fetchone()
    db.execute(
        "INSERT INTO count_tasks (reference, scope, location_id, item_id, priority, reason, "
        "due_date, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?) "
        "ON CONFLICT(reference) DO NOTHING",
        (
            payload["reference"],
            payload.get("scope") or "location",
            location[0] if location else None,
            item[0] if item else None,
            int(payload.get("priority") or 50),
            payload.get("reason") or "",
            payload.get("due_date"),
            changed_at,
        ),
    )


def _id_of(conn: Connection, sql: str, key: Any) -> int | None:
    row = driver_connection(conn).execute(sql, (key,)).fetchone()
    return None if row is None else int(row[0])


def _apply_order(conn: Connection, kind: str, payload: dict[str, Any], changed_at: str) -> None:
    from datetime import datetime

    lines = []
    for line in payload.get("lines", []):
        item_id = _id_of(conn, "SELECT id FROM items WHERE sku = ?", line["sku"])
        if item_id is None:
            raise ValueError(f"order {payload['reference']}: unknown SKU {line['sku']!r}")
        location_id = (
            _id_of(conn, "SELECT id FROM locations WHERE code = ?", line["location"])
            if line.get("location")
            else None
        )
        lines.append(
            OrderLine(
                line_no=int(line["line_no"]),
                item_id=item_id,
                qty=to_decimal(line["qty"]),
                lot_no=line.get("lot_no"),
                expiry=date.fromisoformat(line["expiry"]) if line.get("expiry") else None,
                location_id=location_id,
            )
        )
    now = datetime.fromisoformat(changed_at)
    if kind == "receipt":
        expected = payload.get("expected_date")
        upsert_expected_receipt(
            conn,
            payload["reference"],
            payload.get("supplier") or "",
            date.fromisoformat(expected) if expected else None,
            lines,
            now,
        )
    else:
        upsert_issue_order(conn, payload["reference"], payload.get("destination") or "", lines, now)
