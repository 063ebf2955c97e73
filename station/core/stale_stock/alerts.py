# SPDX-License-Identifier: Apache-2.0
"""Alerts and the follow-up tasks they become; outcomes as ledger movements; money released.

Alerts (:func:`find_alerts`, from a snapshot):

* ``expired`` and ``near_expiry``: a lot at a location (see :mod:`.expiry`), once per lot and
  location;
* ``stale``: stock that has newly become stale (idle at least ``slow_days`` and less than
  ``slow_days + NEW_STALE_DAYS``), once per lot, location and idle period (a new issue starts
  a new period);
* ``below_min`` / ``above_max``: an item's stock on hand against ``items.min_qty`` /
  ``max_qty``, again each time the previous task for it is closed.

:func:`raise_tasks` turns new alerts into rows of ``stale_tasks`` with the item's owner, a
suggested action and a due date (``stale_stock.task_due_days`` on, near-expiry tasks by the
expiry date at the latest). :func:`record_outcome` closes a task with the action taken:

=====================  ==========================================================
action                 what is recorded
=====================  ==========================================================
count                  a count task (``count_tasks``, reference ``STALE-<id>``)
promote, bundle,       a negative ``adjustment`` of the quantity cleared (not an
donate, scrap,         ``issue``: clearing is not consumption, so it neither makes the
return_to_supplier     item look moving nor counts toward its ABC class)
transfer               a ``transfer`` out and a ``transfer`` in (to another location)
=====================  ==========================================================

Every movement carries ``reason = "stale:<action>"`` and ``reference = "STALE-<task id>"``,
so :func:`released_money` reads the money released (value at cost that left the stock)
straight from the ledger. Writers run inside the caller's transaction
(``Store.transaction()``); they raise :class:`TaskError` for a task that is not open, an
unknown action or a quantity that is not on hand, before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from msgspec.structs import replace
from sqlalchemy import Connection, func, select

from ..store import schema
from ..store.events import StationIdentity, iso
from ..store.ledger import Movement, post_movement
from .config import StaleSettings
from .expiry import expiry
from .positions import CLEARING_PREFIX, Snapshot, day_end_utc
from .tables import stale_tasks

ACTIONS = ("count", "promote", "bundle", "return_to_supplier", "transfer", "donate", "scrap")
KINDS = ("near_expiry", "expired", "stale", "below_min", "above_max")
SUGGESTED = {
    "near_expiry": "promote",
    "expired": "scrap",
    "stale": "count",
    "below_min": "count",
    "above_max": "transfer",
}
ONCE_PER_KEY = ("near_expiry", "expired", "stale")
NEW_STALE_DAYS = 30
"""Stock counts as *newly* stale for this many days after it crossed ``slow_days``: alerts
run daily catch it; older stale stock is the backlog the reports and dashboard show."""


class TaskError(ValueError):
    """A follow-up task cannot take this outcome (not open, bad action or quantity)."""


@dataclass(frozen=True)
class Alert:
    key: str
    kind: str
    item_id: int
    lot_id: int | None
    location_id: int | None
    qty: Decimal
    value: Decimal
    owner: str
    action: str
    due_date: date
    detail: str


@dataclass(frozen=True)
class Task:
    id: int
    kind: str
    item_id: int
    sku: str
    item_name: str
    lot_no: str | None
    location_code: str | None
    action: str
    owner: str
    due_date: date
    status: str
    qty: Decimal
    value: Decimal
    detail: str
    outcome: str | None


def find_alerts(snapshot: Snapshot) -> list[Alert]:
    """Every alert the snapshot shows now (whether or not a task exists for it)."""
    s = snapshot.settings
    due = snapshot.as_of + timedelta(days=s.task_due_days)
    out: list[Alert] = []
    for line in expiry(snapshot).lines:
        p = line.position
        assert p.lot is not None
        out.append(
            Alert(
                f"{line.status}:{p.item.id}:{p.lot.id}:{p.location.id}",
                "expired" if line.status == "expired" else "near_expiry",
                p.item.id,
                p.lot.id,
                p.location.id,
                p.qty,
                p.value,
                p.item.owner,
                SUGGESTED["expired" if line.status == "expired" else "near_expiry"],
                due if line.status == "expired" else min(due, line.expiry),
                f"expiry {line.expiry.isoformat()} ({line.days_left} days)",
            )  # fmt: skip
        )
    totals: dict[int, Decimal] = {}
    values: dict[int, Decimal] = {}
    for p in snapshot.positions:
        totals[p.item.id] = totals.get(p.item.id, Decimal(0)) + p.qty
        values[p.item.id] = values.get(p.item.id, Decimal(0)) + p.value
        idle = snapshot.idle_days(p)
        if idle is not None and s.slow_days <= idle < s.slow_days + NEW_STALE_DAYS:
            since = snapshot.as_of - timedelta(days=idle)
            lot = p.lot.id if p.lot else 0
            out.append(
                Alert(
                    f"stale:{p.item.id}:{lot}:{p.location.id}:{since.isoformat()}",
                    "stale",
                    p.item.id,
                    p.lot.id if p.lot else None,
                    p.location.id,
                    p.qty,
                    p.value,
                    p.item.owner,
                    SUGGESTED["stale"],
                    due,
                    f"no issue for {idle} days",
                )  # fmt: skip
            )
    for item in snapshot.items.values():
        on_hand = totals.get(item.id, Decimal(0))
        value = values.get(item.id, Decimal(0))
        if item.min_qty is not None and on_hand < item.min_qty:
            kind, limit = "below_min", item.min_qty
        elif item.max_qty is not None and on_hand > item.max_qty:
            kind, limit = "above_max", item.max_qty
        else:
            continue
        out.append(
            Alert(
                f"{kind}:{item.id}",
                kind,
                item.id,
                None,
                None,
                on_hand,
                value,
                item.owner,
                SUGGESTED[kind],
                due,
                f"on hand {on_hand}, limit {limit}",
            )  # fmt: skip
        )
    return out


def raise_tasks(conn: Connection, snapshot: Snapshot, now: datetime) -> list[int]:
    """Insert a task for every alert that has none yet; returns the new task ids."""
    existing = {
        (key, status)
        for key, status in conn.execute(select(stale_tasks.c.key, stale_tasks.c.status))
    }
    keys_any = {k for k, _ in existing}
    keys_open = {k for k, st in existing if st == "open"}
    new_ids: list[int] = []
    for alert in find_alerts(snapshot):
        taken = keys_any if alert.kind in ONCE_PER_KEY else keys_open
        if alert.key in taken:
            continue
        taken.add(alert.key)
        result = conn.execute(
            stale_tasks.insert().values(
                key=alert.key,
                kind=alert.kind,
                item_id=alert.item_id,
                lot_id=alert.lot_id,
                location_id=alert.location_id,
                action=alert.action,
                owner=alert.owner,
                due_date=alert.due_date.isoformat(),
                status="open",
                qty=alert.qty,
                value=alert.value,
                detail=alert.detail[:200],
                created_at=iso(now),
            )
        )
        assert result.inserted_primary_key is not None
        new_ids.append(int(result.inserted_primary_key[0]))
    return new_ids


def list_tasks(
    conn: Connection, *, status: str | None = "open", owner: str | None = None
) -> list[Task]:
    """Tasks, soonest due first (``status=None``: all)."""
    t, it, lt, lc = stale_tasks, schema.items, schema.lots, schema.locations
    query = (
        select(
            t.c.id,
            t.c.kind,
            t.c.item_id,
            it.c.sku,
            it.c.name,
            lt.c.lot_no,
            lc.c.code,
            t.c.action,
            t.c.owner,
            t.c.due_date,
            t.c.status,
            t.c.qty,
            t.c.value,
            t.c.detail,
            t.c.outcome,
        )  # fmt: skip
        .join(it, it.c.id == t.c.item_id)
        .outerjoin(lt, lt.c.id == t.c.lot_id)
        .outerjoin(lc, lc.c.id == t.c.location_id)
        .order_by(t.c.due_date, t.c.id)
    )
    if status is not None:
        query = query.where(t.c.status == status)
    if owner is not None:
        query = query.where(t.c.owner == owner)
    return [
        Task(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            date.fromisoformat(r[9]),
            r[10],
            r[11],
            r[12],
            r[13],
            r[14],
        )  # fmt: skip
        for r in conn.execute(query)
    ]


@dataclass(frozen=True)
class Outcome:
    task_id: int
    action: str
    qty: Decimal
    released: Decimal  # value at cost that left the stock (0 for count and transfer)
    movement_ids: tuple[int, ...]


def _on_hand(conn: Connection, item_id: int, lot_id: int | None, location_id: int) -> Decimal:
    b = schema.balances
    lot_match = b.c.lot_id.is_(None) if lot_id is None else b.c.lot_id == lot_id
    row = conn.execute(
        select(b.c.qty).where(b.c.item_id == item_id, b.c.location_id == location_id, lot_match)
    ).first()
    return row[0] if row is not None else Decimal(0)


def record_outcome(
    conn: Connection,
    who: StationIdentity,
    task_id: int,
    action: str,
    ts: datetime,
    *,
    qty: Decimal | None = None,
    user_id: int | None = None,
    to_location_id: int | None = None,
) -> Outcome:
    """Close open task ``task_id`` with ``action`` (see the module docstring).

    ``qty`` defaults to all on hand at the task's lot and location; tasks without a location
    (min/max) accept only ``count``. ``transfer`` needs ``to_location_id``.
    """
    if action not in ACTIONS:
        raise TaskError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    t = conn.execute(select(stale_tasks).where(stale_tasks.c.id == task_id)).first()
    if t is None or t.status != "open":
        raise TaskError(f"task {task_id} is not open")
    reference = f"STALE-{task_id}"
    movement_ids: list[int] = []
    released = Decimal(0)
    moved = Decimal(0)
    if action == "count":
        conn.execute(
            schema.count_tasks.insert().values(
                reference=reference,
                scope="location" if t.location_id is not None else "item",
                location_id=t.location_id,
                item_id=t.item_id,
                priority=70,
                reason=f"{CLEARING_PREFIX}{t.kind}",
                due_date=t.due_date,
                created_at=iso(ts),
            )
        )
    else:
        if t.location_id is None:
            raise TaskError("only a count closes a task without a location")
        on_hand = _on_hand(conn, t.item_id, t.lot_id, t.location_id)
        moved = on_hand if qty is None else qty
        if moved <= 0 or moved > on_hand:
            raise TaskError(f"quantity {moved} is not on hand ({on_hand})")
        if action == "transfer" and (to_location_id is None or to_location_id == t.location_id):
            raise TaskError("a transfer needs another location")
        base = Movement(
            kind="adjustment",
            item_id=t.item_id,
            location_id=t.location_id,
            qty=-moved,
            lot_id=t.lot_id,
            user_id=user_id,
            reason=f"{CLEARING_PREFIX}{action}",
            reference=reference,
        )
        if action == "transfer":
            assert to_location_id is not None
            out = replace(base, kind="transfer")
            inn = replace(out, qty=moved, location_id=to_location_id)
            movement_ids += [post_movement(conn, who, out, ts), post_movement(conn, who, inn, ts)]
        else:
            movement_ids.append(post_movement(conn, who, base, ts))
            released = _released_by(conn, movement_ids)
    conn.execute(
        stale_tasks.update()
        .where(stale_tasks.c.id == task_id)
        .values(status="done", outcome=action, closed_at=iso(ts), closed_by=user_id)
    )
    return Outcome(task_id, action, moved, released, tuple(movement_ids))


def cancel_task(conn: Connection, task_id: int, ts: datetime, user_id: int | None = None) -> None:
    """Close an open task without an outcome (the alert was wrong or is gone)."""
    done = conn.execute(
        stale_tasks.update()
        .where(stale_tasks.c.id == task_id, stale_tasks.c.status == "open")
        .values(status="cancelled", closed_at=iso(ts), closed_by=user_id)
    )
    if done.rowcount != 1:
        raise TaskError(f"task {task_id} is not open")


def _released_by(conn: Connection, movement_ids: list[int]) -> Decimal:
    m = schema.movements
    rows = conn.execute(select(m.c.qty, m.c.unit_cost).where(m.c.id.in_(movement_ids)))
    return sum((-q * (c or 0) for q, c in rows), Decimal(0))


@dataclass(frozen=True)
class Released:
    """Money released by clearing, from the ledger: per action, quantity and value at cost."""

    since: date | None
    until: date | None
    by_action: dict[str, tuple[Decimal, Decimal]]
    total: Decimal
    open_tasks: int
    done_tasks: int


def released_money(
    conn: Connection, settings: StaleSettings, since: date | None = None, until: date | None = None
) -> Released:
    """Value at cost cleared out of stock by task outcomes between the two local days
    (inclusive; None: no bound). Transfers move value, they release none."""
    tz = settings.tz or UTC
    m = schema.movements
    query = select(m.c.reason, m.c.kind, m.c.qty, m.c.unit_cost).where(
        m.c.reason.like(CLEARING_PREFIX + "%")
    )
    if since is not None:
        query = query.where(m.c.ts_utc >= day_end_utc(since - timedelta(days=1), tz))
    if until is not None:
        query = query.where(m.c.ts_utc < day_end_utc(until, tz))
    by_action: dict[str, tuple[Decimal, Decimal]] = {}
    for reason, kind, qty, cost in conn.execute(query):
        if kind == "transfer" or qty >= 0:
            continue
        action = reason[len(CLEARING_PREFIX) :]
        q, v = by_action.get(action, (Decimal(0), Decimal(0)))
        by_action[action] = (q - qty, v - qty * (cost or 0))
    counts: dict[str, int] = dict(
        conn.execute(
            select(stale_tasks.c.status, func.count()).group_by(stale_tasks.c.status)
        ).all()
    )
    return Released(
        since,
        until,
        dict(sorted(by_action.items())),
        sum((v for _, v in by_action.values()), Decimal(0)),
        int(counts.get("open", 0)),
        int(counts.get("done", 0)),
    )


def today_in(settings: StaleSettings) -> date:
    """Today in the station's time zone."""
    return datetime.now(settings.tz or UTC).date()
