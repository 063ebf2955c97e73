# SPDX-License-Identifier: Apache-2.0
"""The audit chain's head goes to central with each sync, so a local rewrite is caught.

Central keeps, per station, the number of audit entries and the hash of the last one as last
reported. On the next sync the station's entry at that position must still carry that hash;
if it does not (the log was rewritten) or the log is now shorter (a restored backup, or
entries removed), an alarm is raised. Then the new head is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from station.core.store import schema

from .central_schema import central_audit_heads


@dataclass(frozen=True)
class AuditHead:
    entries: int
    head_hash: str


def local_head(conn: Connection) -> AuditHead:
    a = schema.audit_log.c
    count = int(conn.execute(select(func.count()).select_from(schema.audit_log)).scalar_one())
    last = conn.execute(select(a.hash).order_by(a.id.desc()).limit(1)).scalar()
    return AuditHead(count, last or "")


def hash_at(conn: Connection, position: int) -> str | None:
    """The hash of the ``position``-th audit entry (1-based), or None if there are fewer."""
    a = schema.audit_log.c
    return conn.execute(select(a.hash).order_by(a.id).offset(position - 1).limit(1)).scalar()


def check_and_report(
    local: Connection, central: Connection, station_id: str, incarnation_id: str, now: str
) -> str | None:
    """Compare with central's copy and report the new head (inside the caller's central
    transaction). Returns an alarm kind (``audit.rewritten`` / ``audit.shorter``) or None."""
    t = central_audit_heads
    known = central.execute(
        select(t.c.entries, t.c.head_hash, t.c.incarnation_id).where(t.c.station_id == station_id)
    ).first()
    alarm = None
    if known is not None and known.entries > 0:
        here = hash_at(local, int(known.entries))
        if here is None:
            alarm = "audit.shorter"
        elif here != known.head_hash:
            alarm = "audit.rewritten"
    head = local_head(local)
    values = {
        "incarnation_id": incarnation_id,
        "entries": head.entries,
        "head_hash": head.head_hash,
        "reported_at": now,
    }
    if known is None:
        central.execute(t.insert().values(station_id=station_id, **values))
    elif alarm is None and (known.entries, known.head_hash, known.incarnation_id) != (
        head.entries,
        head.head_hash,
        incarnation_id,
    ):  # an unchanged head is not written again: an idle round writes nothing on central
        central.execute(t.update().where(t.c.station_id == station_id).values(**values))
    return alarm
