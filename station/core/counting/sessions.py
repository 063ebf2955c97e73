# SPDX-License-Identifier: Apache-2.0
"""Count tasks and count sessions in the store: listing tasks by priority, the locations of a
task, opening a session with its book snapshot, recording and voiding count lines.

Functions take the caller's open connection (writers inside ``Store.transaction()``) and never
commit; rows come back as small dataclasses. Nothing here ever shows the book to a counter:
the snapshot is written to ``count_book`` and read only by the variance computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, func, select

from ..store import schema
from ..store.events import iso
from ..store.types import decimal_text, to_decimal
from .tables import count_book, count_lines, count_recounts, count_sessions
from .variances import ledger_mark

OPEN_STATUSES = ("open",)


@dataclass(frozen=True)
class TaskInfo:
    id: int
    reference: str
    scope: str
    location_id: int | None
    item_id: int | None
    zone: str | None
    priority: int
    reason: str
    due_date: str | None
    status: str
    first_counter_id: int | None  # set on a recount: who counted first


def _task(row: Any, first_counter: int | None) -> TaskInfo:
    return TaskInfo(
        row.id,
        row.reference,
        row.scope,
        row.location_id,
        row.item_id,
        row.zone,
        int(row.priority),
        row.reason,
        row.due_date,
        row.status,
        first_counter,
    )


def _tasks_query() -> Any:
    t = schema.count_tasks
    return select(t, count_recounts.c.first_counter_id).select_from(
        t.outerjoin(count_recounts, count_recounts.c.task_id == t.c.id)
    )


def open_tasks(conn: Connection) -> list[TaskInfo]:
    """Open count tasks, highest priority first, then earliest due, then reference."""
    t = schema.count_tasks.c
    rows = conn.execute(_tasks_query().where(t.status.in_(OPEN_STATUSES)))
    tasks = [_task(r, r.first_counter_id) for r in rows]
    return sorted(tasks, key=lambda k: (-k.priority, k.due_date or "9999", k.reference))


def task_by_reference(conn: Connection, reference: str) -> TaskInfo | None:
    row = conn.execute(_tasks_query().where(schema.count_tasks.c.reference == reference)).first()
    return None if row is None else _task(row, row.first_counter_id)


def task_by_id(conn: Connection, task_id: int) -> TaskInfo | None:
    row = conn.execute(_tasks_query().where(schema.count_tasks.c.id == task_id)).first()
    return None if row is None else _task(row, row.first_counter_id)


def next_reference(conn: Connection) -> str:
    refs = conn.execute(
        select(schema.count_tasks.c.reference).where(schema.count_tasks.c.reference.like("CC-%"))
    ).scalars()
    numbers = [int(r[3:]) for r in refs if r[3:].isdigit()]
    return f"CC-{max(numbers, default=0) + 1:04d}"


def create_task(
    conn: Connection,
    now: datetime,
    *,
    scope: str,
    priority: int,
    reason: str,
    location_id: int | None = None,
    item_id: int | None = None,
    zone: str | None = None,
) -> TaskInfo:
    reference = next_reference(conn)
    conn.execute(
        schema.count_tasks.insert().values(
            reference=reference,
            scope=scope,
            location_id=location_id,
            item_id=item_id,
            zone=zone,
            priority=priority,
            reason=reason[:200],
            due_date=now.date().isoformat(),
            status="open",
            created_at=iso(now),
        )
    )
    found = task_by_reference(conn, reference)
    assert found is not None
    return found


def set_task_status(conn: Connection, task_id: int, status: str) -> None:
    t = schema.count_tasks
    conn.execute(t.update().where(t.c.id == task_id).values(status=status))


def task_locations(conn: Connection, task: TaskInfo) -> list[tuple[int, str]]:
    """(location id, code) the task covers, in code order: its location, the zone's
    locations, or the locations holding the item."""
    loc = schema.locations.c
    if task.location_id is not None:
        query = select(loc.id, loc.code).where(loc.id == task.location_id)
    elif task.zone:
        query = select(loc.id, loc.code).where(loc.zone == task.zone, loc.active.is_(True))
    elif task.item_id is not None:
        b = schema.balances.c
        query = (
            select(loc.id, loc.code)
            .distinct()
            .select_from(schema.locations.join(schema.balances, b.location_id == loc.id))
            .where(b.item_id == task.item_id, b.qty != "0")
        )
    else:
        return []
    return sorted(((r.id, r.code) for r in conn.execute(query)), key=lambda r: r[1])


def counted_locations(conn: Connection, task_id: int) -> set[int]:
    s = count_sessions.c
    return set(
        conn.execute(
            select(s.location_id).where(s.task_id == task_id, s.status == "closed")
        ).scalars()
    )


def book_at(conn: Connection, location_id: int, mark: int) -> dict[tuple[int, int | None], Decimal]:
    """The book of a location as it stood after ledger id ``mark`` (balances now, minus every
    movement after the mark)."""
    b = schema.balances.c
    book: dict[tuple[int, int | None], Decimal] = {}
    for r in conn.execute(select(b.item_id, b.lot_id, b.qty).where(b.location_id == location_id)):
        book[(r.item_id, r.lot_id)] = to_decimal(r.qty)
    m = schema.movements.c
    for r in conn.execute(
        select(m.item_id, m.lot_id, m.qty).where(m.location_id == location_id, m.id > mark)
    ):
        key = (r.item_id, r.lot_id)
        book[key] = book.get(key, Decimal(0)) - to_decimal(r.qty)
    return {k: v for k, v in book.items() if v != 0}


def mark_at(conn: Connection, ts_utc: str) -> int:
    """The last ledger id posted at or before the UTC time ``ts_utc``."""
    m = schema.movements.c
    return int(conn.execute(select(func.max(m.id)).where(m.ts_utc <= ts_utc)).scalar() or 0)


def open_session(
    conn: Connection,
    now: datetime,
    *,
    task_id: int,
    location_id: int,
    counter_id: int,
    device_url: str,
    source: str = "live",
    batch_id: int | None = None,
    mark: int | None = None,
) -> int:
    """Start counting a location: snapshot its book (as of ledger id ``mark``, default now)."""
    snapshot_mark = ledger_mark(conn) if mark is None else mark
    result = conn.execute(
        count_sessions.insert().values(
            task_id=task_id,
            location_id=location_id,
            counter_id=counter_id,
            device_url=device_url,
            source=source,
            status="open",
            started_at=iso(now),
            ledger_mark=snapshot_mark,
            batch_id=batch_id,
        )
    )
    key: Any = result.inserted_primary_key
    session_id = int(key[0])
    rows = [
        {"session_id": session_id, "item_id": item, "lot_id": lot, "qty": qty}
        for (item, lot), qty in book_at(conn, location_id, snapshot_mark).items()
    ]
    if rows:
        conn.execute(count_book.insert(), rows)
    return session_id


def cancel_session(conn: Connection, now: datetime, session_id: int) -> None:
    s = count_sessions
    conn.execute(
        s.update()
        .where(and_(s.c.id == session_id, s.c.status == "open"))
        .values(status="cancelled", closed_at=iso(now))
    )


def add_line(
    conn: Connection,
    now: datetime,
    *,
    session_id: int,
    item_id: int | None,
    lot_id: int | None,
    qty: Decimal,
    source: str,
    user_id: int,
    device_url: str,
    gtin: str | None = None,
    epc: str | None = None,
    mark: int | None = None,
    at: datetime | None = None,
) -> int:
    """One count line; ``at`` is when it was counted (a batch's device time), default now."""
    result = conn.execute(
        count_lines.insert().values(
            session_id=session_id,
            item_id=item_id,
            lot_id=lot_id,
            qty=qty,
            source=source,
            gtin=gtin,
            epc=epc,
            user_id=user_id,
            device_url=device_url,
            counted_at=iso(at or now),
            ledger_mark=ledger_mark(conn) if mark is None else mark,
        )
    )
    key: Any = result.inserted_primary_key
    return int(key[0])


def set_line_qty(conn: Connection, line_id: int, qty: Decimal) -> None:
    conn.execute(
        count_lines.update().where(count_lines.c.id == line_id).values(qty=qty, source="keypad")
    )


def void_line(conn: Connection, line_id: int) -> None:
    conn.execute(count_lines.update().where(count_lines.c.id == line_id).values(voided=True))


def epcs_seen(conn: Connection, session_id: int) -> set[str]:
    cl = count_lines.c
    return set(
        conn.execute(
            select(cl.epc).where(
                cl.session_id == session_id, cl.voided.is_(False), cl.epc.is_not(None)
            )
        ).scalars()
    )


def has_active_users_other_than(conn: Connection, user_id: int, role: str) -> bool:
    u = schema.users.c
    found = conn.execute(
        select(u.id).where(u.role == role, u.active.is_(True), u.id != user_id).limit(1)
    ).first()
    return found is not None


def resumable_session(
    conn: Connection, task_id: int, location_id: int, counter_id: int
) -> int | None:
    """The open session this counter left at this location of the task (a logout or a crash
    in the middle of a count), to carry on with; None when there is none."""
    s = count_sessions.c
    return conn.execute(
        select(s.id)
        .where(
            s.task_id == task_id,
            s.location_id == location_id,
            s.counter_id == counter_id,
            s.status == "open",
            s.source == "live",
        )
        .order_by(s.id.desc())
        .limit(1)
    ).scalar()


def cancel_abandoned(conn: Connection, now: datetime, task_id: int, location_id: int) -> int:
    """Cancel open sessions of this location of the task (left by someone else); returns how
    many. Their lines stay, marked by the session's status."""
    s = count_sessions
    result = conn.execute(
        s.update()
        .where(s.c.task_id == task_id, s.c.location_id == location_id, s.c.status == "open")
        .values(status="cancelled", closed_at=iso(now))
    )
    return int(result.rowcount or 0)


def counted_so_far(conn: Connection, session_id: int) -> list[dict[str, Any]]:
    """What a session has counted, per item and lot: [{sku, name, lot, qty}] (no book)."""
    cl, i, lt = count_lines.c, schema.items.c, schema.lots.c
    rows = conn.execute(
        select(i.sku, i.name, lt.lot_no, cl.qty)
        .select_from(
            count_lines.join(schema.items, i.id == cl.item_id).outerjoin(
                schema.lots, lt.id == cl.lot_id
            )
        )
        .where(cl.session_id == session_id, cl.voided.is_(False))
        .order_by(cl.id)
    )
    merged: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in rows:
        entry = merged.setdefault(
            (r.sku, r.lot_no), {"sku": r.sku, "name": r.name, "lot": r.lot_no, "qty": Decimal(0)}
        )
        entry["qty"] += to_decimal(r.qty)
    return [{**e, "qty": decimal_text(e["qty"])} for e in merged.values() if e["qty"] != 0]
