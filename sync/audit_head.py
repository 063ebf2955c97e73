# SPDX-License-Identifier: Apache-2.0
"""The audit chain's head goes to central with each sync, so a local rewrite is caught there.

Central keeps every head a station reported, append-only (``central_audit_head_log``,
migration c005). Each round the station reports the entries written since a head central
holds (each entry's previous hash and hash, its action, and the detail of a
``store.restored`` entry):

* normally since the station's latest head, when its chain still holds that hash there;
* otherwise (a restored backup, or a rewritten or shortened chain) since the longest head
  central holds that the local chain still agrees with, or from the start.

Central (``central_report_audit_head()`` on PostgreSQL, :func:`_report_sqlite` on a SQLite
stand-in) appends the new head and accepts it as extending when the entries link to the
latest head, or, for a new incarnation, when they hold the ``store.restored`` entry naming it
and agree with every head reported before the restore. Otherwise it raises ``audit.rewritten``
(``audit.shorter`` when the chain is shorter) in ``central_alerts``, which the station's
login cannot delete, and the station raises the same alarm on its own screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, text

from station.core.store import schema

from .central_schema import central_alerts, central_audit_head_log


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


def _chain_after(conn: Connection, base: int) -> list[dict[str, Any]]:
    a = schema.audit_log.c
    rows = conn.execute(select(a.prev_hash, a.hash, a.action, a.detail).order_by(a.id).offset(base))
    out = []
    for prev, digest, action, detail in rows:
        entry: dict[str, Any] = {"prev": prev, "hash": digest, "action": action}
        if action == "store.restored":
            entry["detail"] = detail
        out.append(entry)
    return out


def _base(
    local: Connection, central: Connection, station_id: str, incarnation_id: str
) -> int | None:
    """The position after which to report (see the module contract), or None when central's
    latest head is this station's head as it stands: nothing to report."""
    h = central_audit_head_log.c
    latest = central.execute(
        select(h.entries, h.head_hash, h.incarnation_id)
        .where(h.station_id == station_id)
        .order_by(h.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return 0
    if latest.entries == 0 or hash_at(local, int(latest.entries)) == latest.head_hash:
        if latest.incarnation_id == incarnation_id and (
            local_head(local).entries == latest.entries
        ):
            return None  # an idle round: one query, nothing written
        return int(latest.entries)
    known = central.execute(
        select(h.entries, h.head_hash)
        .where(h.station_id == station_id)
        .distinct()
        .order_by(h.entries.desc())
    ).all()
    count = local_head(local).entries
    for entries, head_hash in known:
        if 0 < entries <= count and hash_at(local, int(entries)) == head_hash:
            return int(entries)
    return 0


def check_and_report(
    local: Connection, central: Connection, station_id: str, incarnation_id: str, now: str
) -> str | None:
    """Report the head (inside the caller's central transaction). Returns the alarm kind
    central raised (``audit.rewritten`` / ``audit.shorter``) or None."""
    base = _base(local, central, station_id, incarnation_id)
    if base is None:
        return None
    chain = _chain_after(local, base)
    if central.dialect.name == "postgresql":
        alarm = central.execute(
            text("SELECT central_report_audit_head(:i, :b, CAST(:c AS jsonb))"),
            {"i": incarnation_id, "b": base, "c": json.dumps(chain)},
        ).scalar()
        return None if alarm is None else str(alarm)
    return _report_sqlite(central, station_id, incarnation_id, base, chain, now)


def _report_sqlite(
    central: Connection,
    station_id: str,
    incarnation_id: str,
    base: int,
    chain: list[dict[str, Any]],
    now: str,
) -> str | None:
    """``central_report_audit_head()`` for a SQLite central (a test stand-in)."""
    h = central_audit_head_log.c
    mine = central.execute(
        select(h.entries, h.head_hash, h.incarnation_id)
        .where(h.station_id == station_id)
        .order_by(h.id)
    ).all()
    last = mine[-1] if mine else None
    base_hash: str | None = ""
    if base:
        base_hash = next((r.head_hash for r in reversed(mine) if r.entries == base), None)
    linked, prev, restored_at = base_hash is not None, base_hash or "", None
    for i, entry in enumerate(chain):
        if prev and entry["prev"] != prev:
            linked = False
        prev = entry["hash"]
        if restored_at is None and entry["action"] == "store.restored":
            if json.loads(entry["detail"]).get("new_incarnation") == incarnation_id:
                restored_at = base + i + 1
    entries = base + len(chain)
    if last is not None and (last.entries, last.head_hash, last.incarnation_id) == (
        entries,
        prev,
        incarnation_id,
    ):
        return None
    extends = linked and (
        last is None
        or (base == last.entries and base_hash == last.head_hash)
        or (
            incarnation_id != last.incarnation_id
            and restored_at is not None
            and all(
                r.head_hash == chain[r.entries - base - 1]["hash"]
                for r in mine
                if base < r.entries < restored_at
            )
        )
    )
    central.execute(
        central_audit_head_log.insert().values(
            station_id=station_id,
            incarnation_id=incarnation_id,
            entries=entries,
            head_hash=prev,
            base_entries=base,
            extends=extends,
            reported_at=now,
        )
    )
    if extends or last is None:
        return None
    alarm = "audit.shorter" if entries < last.entries else "audit.rewritten"
    key = f"{alarm}:{station_id}:{prev}"
    if central.execute(select(central_alerts.c.key).where(central_alerts.c.key == key)).first():
        return alarm
    detail = {"station": station_id, "incarnation": incarnation_id, "entries": entries}
    central.execute(
        central_alerts.insert().values(
            key=key, kind=alarm, detail=json.dumps(detail, sort_keys=True), raised_at=now
        )
    )
    return alarm
