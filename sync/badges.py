# SPDX-License-Identifier: Apache-2.0
"""Badges that cannot be borrowed: enrolment codes issued centrally, PINs sent to central.

* :func:`issue_enrolment` (``station central enrol --badge B``, as central's owner): a fresh
  twelve-digit code for a supervisor or admin, valid for some hours, replacing the badge's
  earlier unused ones. Central keeps the code's proof (SHA-256 of a salt and the code) in
  ``central_enrolments``, which no station login may read; the stations pull the code's scrypt
  hash and the salt as master data (``central_changes`` kind ``enrolment``), so a station that
  is offline when the person arrives still checks the code. The code itself is printed once.
* :func:`push_pins` (each sync round, after the events): every PIN chosen at the station goes
  through ``central_set_pin()`` (migration c008), which decides whether central takes it. A
  PIN taken is logged as a ``pin`` change; every station of this central pulls its hash. A
  refused one stays refused at the station, with a ``sync.pin_refused`` alarm; central's PIN
  for the badge (if any) reaches the station with the next pull.

A code used at a second station before that station heard of the first use is taken there
(the station cannot know yet) but refused by central, so its PIN never spreads; central's PIN
replaces it at that station's next pull. On a SQLite central (a test stand-in) PINs stay local.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select, text

from station.core.store import enrolments, schema
from station.core.store.database import Store
from station.core.store.enrolments import ENROL_ROLES
from station.core.store.events import iso
from station.core.store.pins import hash_pin

from . import local_state
from .central_import import log_changes
from .central_schema import central_enrolments

DEFAULT_HOURS = 24
MAX_HOURS = 24 * 7


def issue_enrolment(
    conn: Connection, badge: str, now: datetime, hours: float = DEFAULT_HOURS
) -> tuple[str, datetime, str, str]:
    """A new enrolment code for ``badge``; returns (code, expiry, name, role). Runs inside the
    caller's central transaction, as central's owner. Raises ValueError (a sentence) for an
    unknown, retired or clerk's badge, or a validity outside 1 minute to 7 days."""
    if not 1 / 60 <= hours <= MAX_HOURS:
        raise ValueError(f"a code is valid for 1 minute to {MAX_HOURS} hours, not {hours:g}")
    user = conn.execute(
        select(schema.users.c.name, schema.users.c.role, schema.users.c.active).where(
            schema.users.c.badge == badge
        )
    ).first()
    if user is None:
        raise ValueError(f"central knows no badge {badge}: import it first (central import users)")
    if not user.active:
        raise ValueError(f"badge {badge} ({user.name}) is retired")
    if user.role not in ENROL_ROLES:
        raise ValueError(
            f"{user.name} is a {user.role}: clerks and counters choose their PIN at their first "
            "scan, and an admin can give them a one-time PIN; codes are for supervisors and admins"
        )
    e = central_enrolments.c
    earlier = conn.execute(
        select(e.id).where(e.badge == badge, e.used_at.is_(None), e.withdrawn_at.is_(None))
    ).scalars()
    withdrawn = [int(i) for i in earlier]
    if withdrawn:
        conn.execute(
            central_enrolments.update().where(e.id.in_(withdrawn)).values(withdrawn_at=iso(now))
        )
        log_changes(
            conn,
            "enrolment",
            [(str(i), "delete", {"id": i, "badge": badge}) for i in withdrawn],
            now,
        )
    code, salt = enrolments.new_code(), secrets.token_hex(16)
    expires = now + timedelta(hours=hours)
    new_id = conn.execute(
        central_enrolments.insert()
        .values(
            badge=badge,
            proof_hash=enrolments.proof_of(code, salt),
            issued_at=iso(now),
            expires_at=iso(expires),
        )
        .returning(e.id)
    ).scalar_one()
    payload = {
        "id": int(new_id),
        "badge": badge,
        "code_hash": hash_pin(code),
        "proof_salt": salt,
        "expires_at": iso(expires),
    }
    log_changes(conn, "enrolment", [(str(new_id), "upsert", payload)], now)
    return code, expires, str(user.name), str(user.role)


_HAS_SET_PIN = "SELECT to_regprocedure('central_set_pin(text,text,text,bigint,text,text)')"
_SET_PIN = text("SELECT central_set_pin(:badge, :pin_hash, :origin, :enrolment, :proof, :set_at)")


def push_pins(store: Store, central_engine: Engine, now: Callable[[], datetime]) -> tuple[int, int]:
    """Send every PIN set at the station that central has not answered yet; returns how many
    central took and how many it refused. Each answer is recorded locally in its own transaction after central's
    COMMIT (a cut link replays it; central takes a PIN it holds again as is)."""
    if central_engine.dialect.name != "postgresql":
        return 0, 0
    t = schema.pin_changes
    with store.reading() as conn:
        waiting = conn.execute(select(t).where(t.c.sent_at.is_(None)).order_by(t.c.id)).all()
    if not waiting:
        return 0, 0
    with central_engine.connect() as central:  # a central not yet upgraded keeps them waiting
        if central.execute(text(_HAS_SET_PIN)).scalar() is None:
            return 0, 0
    taken = 0
    for row in waiting:
        with central_engine.begin() as central:
            problem = central.execute(
                _SET_PIN,
                {
                    "badge": row.badge,
                    "pin_hash": row.pin_hash,
                    "origin": row.origin,
                    "enrolment": row.enrolment_id,
                    "proof": row.proof,
                    "set_at": row.set_at,
                },
            ).scalar()
        when = now()
        with store.background_transaction() as conn:
            conn.execute(
                t.update().where(t.c.id == row.id).values(sent_at=iso(when), problem=problem)
            )
            if problem:
                local_state.raise_alarm(
                    conn,
                    f"sync.pin_refused:{row.id}",
                    "sync.pin_refused",
                    {"badge": row.badge, "problem": problem},
                    when,
                )
        taken += problem is None
    return taken, len(waiting) - taken
