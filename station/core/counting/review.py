# SPDX-License-Identifier: Apache-2.0
"""The supervisor's side of counting: the list of variances to review, and decisions on them.

:func:`review_rows` lists variances (pending by default) with what the supervisor needs to
decide: book, stock moved during the count, counted, variance, value, the counter, and for a
recount the first count beside it; sorted by value impact (largest absolute value first).
:func:`decide` records one decision (approve posts the adjustment; reject posts nothing;
recount creates a recount task). Both take the caller's connection and never commit;
:func:`decide` raises :class:`DecisionRefused` (with a message key) instead of writing anything
when the decision is not allowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from ..store import schema
from ..store.events import iso
from ..store.ledger import Movement
from ..store.types import to_decimal
from .sessions import create_task, set_task_status
from .tables import (
    count_decisions,
    count_recounts,
    count_sessions,
    count_variances,
)
from .variances import ExpectedMove, expected_movements, post_adjustment


@dataclass(frozen=True)
class ReviewRow:
    variance_id: int
    task: str
    location: str
    zone: str
    sku: str
    name: str
    unit: str
    lot: str | None
    lots_counted: bool
    abc_class: str | None
    book: Decimal
    moved: Decimal
    counted: Decimal
    variance: Decimal
    unit_cost: Decimal
    value: Decimal
    within_tolerance: bool
    moved_during_count: bool
    status: str
    counter_id: int
    counter: str
    counted_at: str
    first_count: dict[str, Any] | None = None
    decision: dict[str, Any] | None = field(default=None)
    session_id: int = 0
    item_id: int = 0
    lot_id: int | None = None

    @property
    def expected(self) -> Decimal:
        return self.book + self.moved


class DecisionRefused(Exception):
    """A decision that may not be taken; ``key`` and ``params`` are the message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _select() -> Any:
    v = count_variances
    return select(
        v,
        schema.count_tasks.c.reference,
        schema.locations.c.code,
        schema.locations.c.zone,
        schema.items.c.sku,
        schema.items.c.name,
        schema.items.c.unit,
        schema.lots.c.lot_no,
        schema.users.c.badge,
    ).select_from(
        v.join(schema.count_tasks, schema.count_tasks.c.id == v.c.task_id)
        .join(schema.locations, schema.locations.c.id == v.c.location_id)
        .join(schema.items, schema.items.c.id == v.c.item_id)
        .outerjoin(schema.lots, schema.lots.c.id == v.c.lot_id)
        .join(schema.users, schema.users.c.id == v.c.counter_id)
    )


def _row(r: Any) -> ReviewRow:
    return ReviewRow(
        variance_id=r.id,
        task=r.reference,
        location=r.code,
        zone=r.zone,
        sku=r.sku,
        name=r.name,
        unit=r.unit,
        lot=r.lot_no,
        lots_counted=bool(r.lots_counted),
        abc_class=r.abc_class,
        book=to_decimal(r.book_qty),
        moved=to_decimal(r.moved_qty),
        counted=to_decimal(r.counted_qty),
        variance=to_decimal(r.variance_qty),
        unit_cost=to_decimal(r.unit_cost),
        value=to_decimal(r.value),
        within_tolerance=bool(r.within_tolerance),
        moved_during_count=bool(r.moved_during_count),
        status=r.status,
        counter_id=r.counter_id,
        counter=r.badge,
        counted_at=r.created_at,
        session_id=r.session_id,
        item_id=r.item_id,
        lot_id=r.lot_id,
    )


def review_rows(
    conn: Connection,
    *,
    statuses: tuple[str, ...] | None = ("pending",),
    zone: str | None = None,
    abc_class: str | None = None,
    counter: str | None = None,
    task: str | None = None,
    since: str | None = None,
    until: str | None = None,
    with_decisions: bool = False,
) -> list[ReviewRow]:
    """Variances by value impact (largest absolute value first), filtered. ``since``/``until``
    are ISO dates (inclusive) on the count's time."""
    query = _select()
    v = count_variances.c
    if statuses:
        query = query.where(v.status.in_(statuses))
    if zone:
        query = query.where(schema.locations.c.zone == zone)
    if abc_class:
        query = query.where(v.abc_class == abc_class.upper())
    if counter:
        query = query.where(schema.users.c.badge == counter)
    if task:
        query = query.where(schema.count_tasks.c.reference == task)
    if since:
        query = query.where(v.created_at >= since)
    if until:
        query = query.where(v.created_at < until + "T99")
    rows = [_row(r) for r in conn.execute(query)]
    firsts = _first_counts(conn, [r for r in rows])
    decisions = _decisions(conn, [r.variance_id for r in rows]) if with_decisions else {}
    out = []
    for row in rows:
        extra: dict[str, Any] = {}
        if row.variance_id in firsts:
            extra["first_count"] = firsts[row.variance_id]
        if row.variance_id in decisions:
            extra["decision"] = decisions[row.variance_id]
        out.append(_with(row, extra) if extra else row)
    out.sort(key=lambda r: (-abs(r.value), -abs(r.variance), r.location, r.sku))
    return out


def moves_by_row(conn: Any, rows: list[ReviewRow]) -> dict[int, list[ExpectedMove]]:
    """Per variance: the movements that changed its expected quantity (a line counted without
    lots takes those of every lot of the item)."""
    found = expected_movements(conn, {r.session_id for r in rows})
    result: dict[int, list[ExpectedMove]] = {}
    for row in rows:
        moves = [
            move
            for (session, item, lot), listed in found.items()
            if session == row.session_id
            and item == row.item_id
            and (not row.lots_counted or lot == row.lot_id)
            for move in listed
        ]
        result[row.variance_id] = sorted(moves, key=lambda move: move.id)
    return result


def _with(row: ReviewRow, extra: dict[str, Any]) -> ReviewRow:
    data = dict(row.__dict__)
    data.update(extra)
    return ReviewRow(**data)


def _first_counts(conn: Connection, rows: list[ReviewRow]) -> dict[int, dict[str, Any]]:
    ids = [r.variance_id for r in rows]
    if not ids:
        return {}
    v = count_variances.c
    origin = dict(
        conn.execute(
            select(v.id, v.recount_of).where(v.id.in_(ids), v.recount_of.is_not(None))
        ).all()
    )
    if not origin:
        return {}
    first = {
        r.id: r
        for r in conn.execute(
            select(v.id, v.counted_qty, v.variance_qty, schema.users.c.badge, v.created_at)
            .select_from(count_variances.join(schema.users, schema.users.c.id == v.counter_id))
            .where(v.id.in_(set(origin.values())))
        )
    }
    result = {}
    for vid, fid in origin.items():
        f = first.get(fid)
        if f is not None:
            result[vid] = {
                "counted": to_decimal(f.counted_qty),
                "variance": to_decimal(f.variance_qty),
                "counter": f.badge,
                "counted_at": f.created_at,
            }
    return result


def _decisions(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    d = count_decisions.c
    result: dict[int, dict[str, Any]] = {}
    for r in conn.execute(
        select(d.variance_id, d.decision, d.reason, d.comment, d.decided_at, schema.users.c.badge)
        .select_from(count_decisions.outerjoin(schema.users, schema.users.c.id == d.user_id))
        .where(d.variance_id.in_(ids))
        .order_by(d.id)
    ):
        result[r.variance_id] = {
            "decision": r.decision,
            "reason": r.reason,
            "comment": r.comment,
            "by": r.badge or "",
            "at": r.decided_at,
        }
    return result


def counters_of(conn: Connection, variance_id: int) -> set[int]:
    """Everyone who counted this variance: its counter and, along a recount chain, the
    earlier counters."""
    v = count_variances.c
    found: set[int] = set()
    current: int | None = variance_id
    while current is not None:
        row = conn.execute(select(v.counter_id, v.recount_of).where(v.id == current)).first()
        if row is None:
            break
        found.add(int(row.counter_id))
        current = row.recount_of
    return found


def check_may_decide(conn: Connection, variance_id: int, user_id: int) -> Any:
    """The variance row when ``user_id`` may decide it now; else raises DecisionRefused."""
    row = conn.execute(select(count_variances).where(count_variances.c.id == variance_id)).first()
    if row is None:
        raise DecisionRefused("review.gone")
    if row.status != "pending":
        raise DecisionRefused("review.already_decided", status=row.status)
    if user_id in counters_of(conn, variance_id):
        raise DecisionRefused("review.own_count")
    return row


def decide(
    conn: Connection,
    now: datetime,
    post: Callable[[Movement], int],
    *,
    variance_id: int,
    user_id: int,
    decision: str,
    reason: str = "",
    comment: str = "",
) -> dict[str, Any]:
    """Record ``decision`` (approve | reject | recount) on a pending variance.

    Returns ``{"decision", "movements": [ids], "recount_task": reference|None,
    "task_closed": bool}``.
    """
    row = check_may_decide(conn, variance_id, user_id)
    movements: list[int] = []
    recount_ref: str | None = None
    recount_id: int | None = None
    if decision == "approve":
        movements = post_adjustment(conn, post, variance_id, reason or "count_correction", user_id)
        status = "approved"
    elif decision == "reject":
        status = "rejected"
    elif decision == "recount":
        status = "recount"
        task = create_task(
            conn,
            now,
            scope="location",
            priority=90,
            reason=f"recount of {_reference(conn, row.task_id)}",
            location_id=row.location_id,
            item_id=row.item_id,
        )
        conn.execute(
            count_recounts.insert().values(
                task_id=task.id, variance_id=variance_id, first_counter_id=row.counter_id
            )
        )
        recount_ref, recount_id = task.reference, task.id
    else:
        raise ValueError(f"unknown decision {decision!r}")
    conn.execute(
        count_variances.update().where(count_variances.c.id == variance_id).values(status=status)
    )
    conn.execute(
        count_decisions.insert().values(
            variance_id=variance_id,
            decision=decision,
            user_id=user_id,
            reason=reason,
            comment=comment,
            movement_ids=json.dumps(movements),
            recount_task_id=recount_id,
            decided_at=iso(now),
        )
    )
    closed = close_task_if_decided(conn, row.task_id)
    return {
        "decision": decision,
        "movements": movements,
        "recount_task": recount_ref,
        "task_closed": closed,
    }


def _reference(conn: Connection, task_id: int) -> str:
    return str(
        conn.execute(
            select(schema.count_tasks.c.reference).where(schema.count_tasks.c.id == task_id)
        ).scalar()
        or ""
    )


def close_task_if_decided(conn: Connection, task_id: int) -> bool:
    """Close a counted task when none of its variances waits for a decision."""
    t = schema.count_tasks
    status = conn.execute(select(t.c.status).where(t.c.id == task_id)).scalar()
    if status != "counted":
        return False
    waiting = conn.execute(
        select(count_variances.c.id)
        .where(count_variances.c.task_id == task_id, count_variances.c.status == "pending")
        .limit(1)
    ).first()
    open_session = conn.execute(
        select(count_sessions.c.id)
        .where(count_sessions.c.task_id == task_id, count_sessions.c.status == "open")
        .limit(1)
    ).first()
    if waiting is None and open_session is None:
        set_task_status(conn, task_id, "closed")
        return True
    return False
