# SPDX-License-Identifier: Apache-2.0
"""Count planning: which locations are due for a count, and why.

Sources, each giving (location, priority, reason):

- ABC frequency: a location is due when it holds an item of class A, B or C (``items.abc_class``,
  computed by the stale-stock area; planning only reads it) and it has not been counted within
  that class's interval (setting ``count_frequency_days``; the best class at the location wins).
- Triggers: a negative balance at the location; aged stock (a lot first received more than
  ``count_aged_days`` ago); slow-moving stock (no movement on a balance for
  ``count_slow_days``); repeated mismatches (``count_mismatch_repeat`` variances beyond
  tolerance at the location within ``count_mismatch_days``), which also raise the priority of
  the location's task; and counts asked for by other areas with :func:`request_count` (after a
  receiving or issue discrepancy).

:func:`plan_counts` creates a location task for each due location without an open task, and
raises the priority of an open one when a stronger reason came up. It is idempotent and runs in
the caller's transaction (at the start of counting and of the review).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from ..engine.settings import Setting, declare
from ..store import schema
from ..store.events import append_audit
from ..store.types import to_decimal
from .sessions import create_task
from .tables import count_sessions, count_variances

declare(
    Setting(
        "count_planning",
        "bool",
        True,
        "Plan due counts automatically (when a review opens and on the scheduler's run).",
        "自动计划到期的盘点(打开审核时及定时任务运行时)。",
        group="counting",
    ),
    Setting(
        "count_frequency_days",
        "table",
        {"A": 30, "B": 90, "C": 182},
        "Days between counts of a location holding items of each ABC class, e.g. A=30; B=90.",
        "存放各 ABC 类物料的库位多少天盘点一次,例如 A=30; B=90。",
        low=1,
        high=3650,
        group="counting",
    ),
    Setting(
        "count_priority",
        "table",
        {
            "negative": 95,
            "mismatch": 85,
            "discrepancy": 80,
            "A": 70,
            "aged": 60,
            "B": 50,
            "slow": 40,
            "C": 30,
        },
        "Priority of a planned count by its reason (negative, mismatch, discrepancy, A, aged, "
        "B, slow, C), 0 to 100.",
        "按原因设定计划盘点的优先级(negative、mismatch、discrepancy、A、aged、B、slow、C),"
        "0 到 100。",
        low=0,
        high=100,
        group="counting",
    ),
    Setting(
        "count_aged_days",
        "int",
        365,
        "Count a location again when it holds a lot first received more than this many days ago.",
        "库位中有首次收货超过多少天的批次时安排盘点。",
        low=1,
        high=36500,
        group="counting",
    ),
    Setting(
        "count_slow_days",
        "int",
        180,
        "Count a location again when a balance there has not moved for this many days.",
        "库位中的库存多少天没有变动时安排盘点。",
        low=1,
        high=36500,
        group="counting",
    ),
    Setting(
        "count_mismatch_repeat",
        "int",
        2,
        "Counts beyond tolerance at a location that raise its priority.",
        "同一库位超出容差的盘点达到多少次时提高其优先级。",
        low=1,
        high=100,
        group="counting",
    ),
    Setting(
        "count_mismatch_days",
        "int",
        365,
        "The days over which repeated mismatches are looked for.",
        "在最近多少天内查找重复的差异。",
        low=1,
        high=3650,
        group="counting",
    ),
)

CLASS_ORDER = {"A": 0, "B": 1, "C": 2}


@dataclass(frozen=True)
class Due:
    location_id: int
    priority: int
    reason: str


def _last_counted(conn: Connection) -> dict[int, str]:
    s = count_sessions.c
    return dict(
        conn.execute(
            select(s.location_id, func.max(s.started_at))
            .where(s.status == "closed")
            .group_by(s.location_id)
        ).all()
    )


def due_locations(conn: Connection, now: datetime, settings: Mapping[str, Any]) -> dict[int, Due]:
    """Every due location with its strongest reason (highest priority)."""
    prio = {**settings.get("count_priority", {})}
    freq = settings.get("count_frequency_days", {})
    last = _last_counted(conn)
    today = now.date()
    found: dict[int, Due] = {}

    def offer(location_id: int, key: str, reason: str) -> None:
        priority = int(prio.get(key, 50))
        current = found.get(location_id)
        if current is None or priority > current.priority:
            found[location_id] = Due(location_id, priority, reason)

    def counted_since(location_id: int, days: int) -> bool:
        when = last.get(location_id)
        return when is not None and datetime.fromisoformat(when).date() > today - timedelta(
            days=days
        )

    b, i, lt, m = schema.balances.c, schema.items.c, schema.lots.c, schema.movements.c
    rows = conn.execute(
        select(b.location_id, b.qty, i.abc_class, lt.first_receipt_date, m.ts).select_from(
            schema.balances.join(schema.items, i.id == b.item_id)
            .outerjoin(schema.lots, lt.id == b.lot_id)
            .outerjoin(schema.movements, m.id == b.last_movement_id)
        )
    )
    best_class: dict[int, str] = {}
    aged_limit = (today - timedelta(days=int(settings.get("count_aged_days", 365)))).isoformat()
    slow_limit = (today - timedelta(days=int(settings.get("count_slow_days", 180)))).isoformat()
    for r in rows:
        qty = to_decimal(r.qty)
        if qty < 0:
            offer(r.location_id, "negative", "negative balance")
            continue
        if qty == 0:
            continue
        cls = (r.abc_class or "").upper()
        if cls in CLASS_ORDER and (
            r.location_id not in best_class
            or CLASS_ORDER[cls] < CLASS_ORDER[best_class[r.location_id]]
        ):
            best_class[r.location_id] = cls
        if r.first_receipt_date and r.first_receipt_date < aged_limit:
            if not counted_since(r.location_id, int(settings.get("count_aged_days", 365))):
                offer(r.location_id, "aged", "aged stock")
        elif r.ts and r.ts[:10] < slow_limit:
            if not counted_since(r.location_id, int(settings.get("count_slow_days", 180))):
                offer(r.location_id, "slow", "slow-moving stock")
    for location_id, cls in best_class.items():
        days = int(freq.get(cls, 0) or 0)
        if days and not counted_since(location_id, days):
            offer(location_id, cls, f"ABC {cls}: every {days} days")
    for location_id, n in repeated_mismatches(conn, now, settings).items():
        offer(location_id, "mismatch", f"repeated mismatches ({n})")
    return found


def repeated_mismatches(
    conn: Connection, now: datetime, settings: Mapping[str, Any]
) -> dict[int, int]:
    """Locations with at least ``count_mismatch_repeat`` counts beyond tolerance lately
    (counted once per session), with that number."""
    since = (now.date() - timedelta(days=int(settings.get("count_mismatch_days", 365)))).isoformat()
    v = count_variances.c
    rows = conn.execute(
        select(v.location_id, func.count(func.distinct(v.session_id)))
        .where(v.within_tolerance.is_(False), v.created_at >= since)
        .group_by(v.location_id)
    ).all()
    least = int(settings.get("count_mismatch_repeat", 2))
    return {loc: int(n) for loc, n in rows if int(n) >= least}


def _open_location_tasks(conn: Connection) -> dict[int, tuple[int, int]]:
    t = schema.count_tasks.c
    rows = conn.execute(
        select(t.location_id, t.id, t.priority).where(
            t.status == "open", t.location_id.is_not(None), t.item_id.is_(None)
        )
    )
    return {r.location_id: (r.id, int(r.priority)) for r in rows}


def plan_counts(
    conn: Connection, now: datetime, settings: Mapping[str, Any], user_id: int | None
) -> list[str]:
    """Create or raise tasks for due locations; returns the references created."""
    if not settings.get("count_planning", True):
        return []
    due = due_locations(conn, now, settings)
    open_tasks = _open_location_tasks(conn)
    created: list[str] = []
    raised = 0
    t = schema.count_tasks
    for location_id, d in sorted(due.items(), key=lambda kv: (-kv[1].priority, kv[0])):
        existing = open_tasks.get(location_id)
        if existing is None:
            task = create_task(
                conn,
                now,
                scope="location",
                priority=d.priority,
                reason=d.reason,
                location_id=location_id,
            )
            created.append(task.reference)
        elif d.priority > existing[1]:
            conn.execute(
                t.update().where(t.c.id == existing[0]).values(priority=d.priority, reason=d.reason)
            )
            raised += 1
    if created or raised:
        append_audit(conn, now, user_id, "count.planned", {"created": created, "raised": raised})
    return created


def request_count(
    conn: Connection,
    now: datetime,
    *,
    reason: str,
    location_id: int | None = None,
    item_id: int | None = None,
    zone: str | None = None,
    priority: int | None = None,
) -> str:
    """Ask for a count (a receiving or issue discrepancy, a supervisor's request); returns the
    task reference. An open task for the same location and item is reused (its priority
    raised), never duplicated."""
    prio = priority if priority is not None else 80
    t = schema.count_tasks
    query = select(t.c.id, t.c.reference, t.c.priority).where(t.c.status == "open")
    query = query.where(
        t.c.location_id.is_(None) if location_id is None else t.c.location_id == location_id
    )
    query = query.where(t.c.item_id.is_(None) if item_id is None else t.c.item_id == item_id)
    query = query.where(t.c.zone.is_(None) if zone is None else t.c.zone == zone)
    existing = conn.execute(query).first()
    if existing is not None:
        if prio > int(existing.priority):
            conn.execute(t.update().where(t.c.id == existing.id).values(priority=prio))
        return str(existing.reference)
    scope = "location" if location_id else ("zone" if zone else "item")
    task = create_task(
        conn,
        now,
        scope=scope,
        priority=prio,
        reason=reason,
        location_id=location_id,
        item_id=item_id,
        zone=zone,
    )
    return task.reference
