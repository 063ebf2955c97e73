# SPDX-License-Identifier: Apache-2.0
"""The central database's own tables, beside the store's tables (which central also has).

Central runs the store's Alembic migrations (the same SQLAlchemy models as every station) and
then its own branch in ``sync/central_migrations`` (version table ``central_alembic_version``).

* ``central_events``: every station event, keyed by (station, incarnation, seq) and by
  (station, UUID), append-only. On PostgreSQL each row carries ``xid`` (the writing
  transaction's id, xid8), the basis of the pull cursor (see :mod:`sync.change_cursor`); the
  table is partitioned by station (migration c002). Stations' logins add events only through
  ``central_ingest_events()`` (migration c003), which takes the station from the session,
  assigns ``id`` and ``xid`` and checks each payload.
* ``central_refused``: events central refused as malformed, with the reason (their seq
  counts as held, so the station's sequence goes on past them).
* ``central_changes``: the master-data change log (upserts and tombstones), keyed the same way.
* ``central_clashes``: events whose key was already held by another UUID (kept, never dropped).
* ``central_audit_head_log``: every audit-chain head a station reported, append-only, each
  marked whether it extends the one before (migration c005, through
  ``central_report_audit_head()``); the view ``central_audit_heads`` shows the latest.
* ``central_imports``: the files ``station central import`` took, by kind and SHA-256 of
  their bytes (migration c006): the same file again changes nothing.
* ``central_station_logins``: which database role speaks for which station.
* ``central_alerts``: derived alerts (negative central stock, lot expiry conflicts), keyed
  deterministically so repeats collapse.
* ``central_meta``: protocol version and the oldest station protocol accepted.
* ``central_enrolments``: one-time enrolment codes for supervisors' and admins' first PINs
  (the proof of each, never the code; migration c008 with ``central_set_pin()``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from station.core.store.schema import NAMING

central_metadata = MetaData(naming_convention=NAMING)

BigId = BigInteger().with_variant(Integer(), "sqlite")

central_meta = Table(
    "central_meta",
    central_metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def _event_columns() -> list[Column[Any]]:
    """The columns a station's event carries, fresh for each table that keeps events (the
    events themselves, clashes and refusals): id, station, incarnation, seq, uuid, kind,
    payload."""
    return [
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("station_id", String(64), nullable=False),
        Column("incarnation_id", String(36), nullable=False),
        Column("seq", BigInteger, nullable=False),
        Column("uuid", String(36), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("payload", Text, nullable=False),
    ]


central_events = Table(
    "central_events",
    central_metadata,
    *_event_columns(),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("uuid", name="uq_central_events_uuid"),
    UniqueConstraint("station_id", "incarnation_id", "seq", name="uq_central_events_key"),
)

central_changes = Table(
    "central_changes",
    central_metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("op", String(8), nullable=False),  # upsert | delete
    Column("payload", Text, nullable=False),
    Column("changed_at", String(40), nullable=False),
)
Index("ix_central_changes_kind_key", central_changes.c.kind, central_changes.c.key)

central_clashes = Table(
    "central_clashes",
    central_metadata,
    *_event_columns(),
    Column("reported_at", String(40), nullable=False),
    UniqueConstraint("uuid", name="uq_central_clashes_uuid"),
)

central_refused = Table(
    "central_refused",
    central_metadata,
    *_event_columns(),
    Column("created_at", String(40), nullable=False),
    Column("problem", Text, nullable=False),
    Column("reported_at", String(40), nullable=False),
    UniqueConstraint("station_id", "incarnation_id", "seq", name="uq_central_refused_key"),
)

central_audit_head_log = Table(
    "central_audit_head_log",
    central_metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("station_id", String(64), nullable=False),
    Column("incarnation_id", String(36), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("base_entries", Integer, nullable=False),
    Column("extends", Boolean, nullable=False),
    Column("reported_at", String(40), nullable=False),
)
Index(
    "ix_central_audit_head_log_station",
    central_audit_head_log.c.station_id,
    central_audit_head_log.c.id,
)

central_audit_heads = Table(
    # a view (migration c005): each station's latest row of ``central_audit_head_log``
    "central_audit_heads",
    MetaData(),
    Column("station_id", String(64), primary_key=True),
    Column("incarnation_id", String(36), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("reported_at", String(40), nullable=False),
)

central_imports = Table(
    "central_imports",
    central_metadata,
    Column("kind", String(16), primary_key=True),
    Column("file_hash", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("changes", Integer, nullable=False),
    Column("imported_at", String(40), nullable=False),
)

central_station_logins = Table(
    "central_station_logins",
    central_metadata,
    Column("role_name", String(63), primary_key=True),
    Column("station_id", String(64), nullable=False),
)

central_alerts = Table(
    "central_alerts",
    central_metadata,
    Column("key", String(300), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Column("raised_at", String(40), nullable=False),
)

central_enrolments = Table(
    "central_enrolments",
    central_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("badge", String(64), nullable=False, index=True),
    Column("proof_hash", String(64), nullable=False),  # SHA-256 of salt and code, never the code
    Column("issued_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40), nullable=True),
    Column("used_by", String(64), nullable=True),
    Column("withdrawn_at", String(40), nullable=True),
)

CENTRAL_STATION = "CENTRAL"
"""The station id of events central itself originates (opening stock imported centrally)."""
