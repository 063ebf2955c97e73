# SPDX-License-Identifier: Apache-2.0
"""Enrolment codes and the PINs set at this station (tables ``enrolments``, ``pin_changes``).

A supervisor's or admin's PIN is chosen only with a one-time enrolment code (docs/permissions.md):
twelve digits, issued centrally (``station central enrol``, pulled as master data) or, on a
station without central, by ``station enrol``. The station keeps only the code's scrypt hash
(as for PINs); a central code also carries a salt for its *proof*, the SHA-256 of salt and
code, which central compares with what it stored when it issued the code (central cannot run
scrypt in SQL; the proof leaves the station only when the code has been used up).

Every PIN set at the station is queued in ``pin_changes`` for central
(:mod:`sync.badges` sends it through ``central_set_pin``). Functions take an open connection;
writers must be inside ``Store.transaction()``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from msgspec import Struct
from sqlalchemy import Connection, select

from . import schema
from .events import iso
from .pins import hash_pin, verify_pin

CODE_DIGITS = 12

#: Roles whose PIN is chosen only with an enrolment code (the engine's role matrix,
#: ``station.core.engine.permissions``, uses this; central's ``central_set_pin`` says the same).
ENROL_ROLES = frozenset({"supervisor", "admin"})


class Enrolment(Struct, frozen=True):
    id: int
    badge: str
    code_hash: str
    proof_salt: str | None
    expires_at: datetime
    central_id: int | None

    def proof(self, code: str) -> str | None:
        """What tells central the code was known (None for a code issued at this station)."""
        return None if self.proof_salt is None else proof_of(code, self.proof_salt)


def new_code() -> str:
    """A fresh enrolment code: twelve random digits (about 40 bits)."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def shown(code: str) -> str:
    """The code as printed for a person: three groups of four digits."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def proof_of(code: str, salt_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt_hex) + code.encode()).hexdigest()


def for_badge(conn: Connection, badge: str) -> list[Enrolment]:
    """Every code this station holds for ``badge``, expired or not."""
    t = schema.enrolments
    rows = conn.execute(select(t).where(t.c.badge == badge).order_by(t.c.id)).all()
    return [
        Enrolment(
            id=r.id,
            badge=r.badge,
            code_hash=r.code_hash,
            proof_salt=r.proof_salt,
            expires_at=datetime.fromisoformat(r.expires_at),
            central_id=r.central_id,
        )
        for r in rows
    ]


def valid(codes: list[Enrolment], now: datetime) -> list[Enrolment]:
    return [e for e in codes if e.expires_at > now]


def matching(codes: list[Enrolment], code: str, now: datetime) -> Enrolment | None:
    """The unexpired code among ``codes`` that ``code`` is, else None."""
    for enrolment in valid(codes, now):
        if verify_pin(code, enrolment.code_hash):
            return enrolment
    return None


def add(
    conn: Connection,
    badge: str,
    code_hash: str,
    expires_at: datetime | str,
    *,
    proof_salt: str | None = None,
    central_id: int | None = None,
) -> None:
    """Keep a code (a central code again under the same ``central_id`` replaces it)."""
    t = schema.enrolments
    expires = expires_at if isinstance(expires_at, str) else iso(expires_at)
    if central_id is not None:
        conn.execute(t.delete().where(t.c.central_id == central_id))
    conn.execute(
        t.insert().values(
            badge=badge,
            code_hash=code_hash,
            proof_salt=proof_salt,
            expires_at=expires,
            central_id=central_id,
        )
    )


def issue_local(conn: Connection, badge: str, expires_at: datetime) -> str:
    """A code issued at a station without central, replacing the badge's earlier ones;
    returns the code (shown once, never stored)."""
    code = new_code()
    conn.execute(schema.enrolments.delete().where(schema.enrolments.c.badge == badge))
    add(conn, badge, hash_pin(code), expires_at)
    return code


def used(conn: Connection, enrolment_id: int) -> None:
    conn.execute(schema.enrolments.delete().where(schema.enrolments.c.id == enrolment_id))


def withdrawn(conn: Connection, central_id: int) -> None:
    """Central says the code is used or replaced: it can no longer enrol anyone here."""
    conn.execute(schema.enrolments.delete().where(schema.enrolments.c.central_id == central_id))


def queue_pin(
    conn: Connection,
    badge: str,
    pin_hash: str,
    origin: str,
    now: datetime,
    *,
    enrolment: Enrolment | None = None,
    proof: str | None = None,
) -> None:
    """Queue a PIN set here for central."""
    conn.execute(
        schema.pin_changes.insert().values(
            badge=badge,
            pin_hash=pin_hash,
            origin=origin,
            enrolment_id=enrolment.central_id if enrolment is not None else None,
            proof=proof,
            set_at=iso(now),
        )
    )
