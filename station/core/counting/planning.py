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

from ..engine.settings import register_settings
from ..store import schema
from ..store.events import append_audit
from ..store.types import to_decimal
from .sessions import create_task
from .tables import count_sessions, count_variances

register_settings(
    {
        "count_frequency_days": {"A": 30, "B": 90, "C": 182},
        "count_priority": {
            "negative": 95,
            "mismatch": 85,
            "discrepancy": 80,
            "A": 70,
            "aged": 60,
            "B": 50,
            "slow": 40,
            "C": 30,
        },
        "count_aged_days": 365,
        "count_slow_days": 180,
        "count_mismatch_repeat": 2,
        "count_mismatch_days": 365,
        "count_planning": True,
    }
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
