# SPDX-License-Identifier: Apache-2.0
"""What the pages read and write, each request in one transaction as the logged-in user.

:func:`as_user` opens the transaction and sets ``app.user_id`` for it only (``set_config(...,
true)``, i.e. ``SET LOCAL``): the row-level security of migration c007 then shows an owner
their own tasks, a manager their warehouses' and an admin all. A task another user may not
see is simply not there, whatever id a request names; an outcome for it is refused by the
database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select, text
from sqlalchemy.exc import DBAPIError

from sync.central_web_schema import (
    OUTCOMES,
    central_digests,
    central_stale_tasks,
    central_task_comments,
    central_task_outcomes,
    central_web_user_warehouses,
    central_web_users,
)


@contextmanager
def as_user(engine: Engine, user_id: int | None) -> Iterator[Connection]:
    with engine.begin() as conn:
        conn.execute(
            text("SELECT set_config('app.user_id', :u, true)"),
            {"u": "" if user_id is None else str(user_id)},
        )
        yield conn


@dataclass(frozen=True)
class Profile:
    id: int
    login: str
    name: str
    role: str
    lang: str
    warehouses: tuple[str, ...]


def login_row(conn: Connection, login: str) -> tuple[int, str, bool] | None:
    row = conn.execute(
        text("SELECT user_id, password_hash, locked FROM central_web_login_row(:l)"), {"l": login}
    ).first()
    return None if row is None else (int(row[0]), str(row[1]), bool(row[2]))


def login_result(conn: Connection, user_id: int, ok: bool) -> bool:
    """Record a log-in attempt; True when this failure locked the login."""
    return bool(
        conn.execute(
            text("SELECT central_web_login_result(:u, :ok)"), {"u": user_id, "ok": ok}
        ).scalar()
    )


def profile(conn: Connection, user_id: int) -> Profile | None:
    u = central_web_users.c
    row = conn.execute(
        select(u.id, u.login, u.name, u.role, u.lang).where(u.id == user_id, u.active == 1)
    ).first()
    if row is None:
        return None
    w = central_web_user_warehouses.c
    warehouses = conn.execute(
        select(w.warehouse).where(w.user_id == user_id).order_by(w.warehouse)
    ).scalars()
    return Profile(row.id, row.login, row.name, row.role, row.lang, tuple(warehouses))


PAGE = 100
"""Tasks one page of the list shows."""


def tasks(conn: Connection, status: str = "open", page: int = 0) -> list[Row[Any]]:
    t = central_stale_tasks.c
    order = (t.due_date, t.id) if status == "open" else (t.closed_at.desc(), t.id)
    return list(
        conn.execute(
            select(central_stale_tasks)
            .where(t.status == status)
            .order_by(*order)
            .limit(PAGE)
            .offset(page * PAGE)
        )
    )


def task_totals(conn: Connection, status: str = "open") -> tuple[int, Decimal]:
    """How many tasks of ``status`` the user sees, and their value."""
    t = central_stale_tasks.c
    count, value = conn.execute(
        select(func.count(), func.coalesce(func.sum(t.value), 0)).where(t.status == status)
    ).one()
    return int(count), Decimal(str(value))


def task(conn: Connection, task_id: int) -> Row[Any] | None:
    return conn.execute(
        select(central_stale_tasks).where(central_stale_tasks.c.id == task_id)
    ).first()


def outcome_of(conn: Connection, task_id: int) -> Any:
    o, u = central_task_outcomes.c, central_web_users.c
    return conn.execute(
        select(o.action, o.qty, o.released, o.reason, o.recorded_at, u.name.label("by"))
        .join_from(central_task_outcomes, central_web_users, o.recorded_by == u.id)
        .where(o.task_id == task_id)
    ).first()


def comments(conn: Connection, task_id: int) -> list[Row[Any]]:
    c, u = central_task_comments.c, central_web_users.c
    return list(
        conn.execute(
            select(c.body, c.created_at, u.name.label("by"))
            .join_from(central_task_comments, central_web_users, c.user_id == u.id)
            .where(c.task_id == task_id)
            .order_by(c.id)
        )
    )


_MOVEMENTS_OUT = """
SELECT e.payload::jsonb->>'uuid' AS uuid, e.payload::jsonb->>'ts' AS ts,
       -(e.payload::jsonb->>'qty')::numeric AS qty, e.payload::jsonb->>'location_code' AS location,
       e.payload::jsonb->>'kind' AS kind, e.station_id AS station
FROM central_events e
WHERE e.kind = 'movement' AND e.payload::jsonb->>'item_sku' = :sku
  AND coalesce(e.payload::jsonb->>'lot_no', '') = :lot
  AND (:location = '' OR e.payload::jsonb->>'location_code' = :location)
  AND (e.payload::jsonb->>'qty')::numeric < 0
  AND NOT EXISTS (SELECT 1 FROM central_task_outcomes o
                  WHERE o.movement_uuid = e.payload::jsonb->>'uuid')
ORDER BY e.payload::jsonb->>'ts' DESC LIMIT 50
"""


def movements_out(conn: Connection, t: Row[Any]) -> list[Row[Any]]:
    """Movements out of the task's lot (at its location) no outcome has claimed yet."""
    return list(
        conn.execute(text(_MOVEMENTS_OUT), {"sku": t.sku, "lot": t.lot_no, "location": t.location})
    )


class OutcomeRefused(ValueError):
    """The database refused the outcome (its sentence says why)."""


def record_outcome(
    conn: Connection,
    user_id: int,
    task_id: int,
    action: str,
    qty: Decimal,
    movement_uuid: str | None,
    reason: str,
) -> Row[Any]:
    """Insert the outcome (central's trigger reconciles it with the ledger and closes the
    task); returns it as stored. Runs in a savepoint so a refusal leaves the request usable."""
    if action not in OUTCOMES:
        raise OutcomeRefused(f"unknown outcome {action!r}")
    o = central_task_outcomes
    try:
        with conn.begin_nested():
            return conn.execute(
                o.insert()
                .values(
                    task_id=task_id,
                    action=action,
                    qty=qty,
                    movement_uuid=movement_uuid or None,
                    reason=reason,
                    recorded_by=user_id,
                )
                .returning(o.c.action, o.c.qty, o.c.released)
            ).one()
    except DBAPIError as exc:
        raise OutcomeRefused(_first_line(exc)) from exc


def add_comment(conn: Connection, user_id: int, task_id: int, body: str, at: str) -> None:
    try:
        with conn.begin_nested():
            conn.execute(
                central_task_comments.insert().values(
                    task_id=task_id, user_id=user_id, body=body, created_at=at
                )
            )
    except DBAPIError as exc:
        raise OutcomeRefused(_first_line(exc)) from exc


def digests(conn: Connection) -> list[Row[Any]]:
    """The notifications of the last 30 days, failing ones first (admins only: RLS)."""
    d = central_digests.c
    return list(
        conn.execute(
            select(central_digests)
            .order_by((d.status == "sent").asc(), d.day.desc(), d.target)
            .limit(500)
        )
    )


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig or exc).strip().splitlines()[0]
