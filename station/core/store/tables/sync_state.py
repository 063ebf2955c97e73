# SPDX-License-Identifier: Apache-2.0
"""The station's own sync bookkeeping (owned by the ``sync`` area, migration branch ``sync``).

* ``sync_push_position``: per (station, incarnation), the last outbox ``seq`` that central has
  committed. Written only after central's COMMIT returned, so a crash in between replays the
  batch (harmless: ingest is idempotent) and never skips one.
* ``sync_cursor``: per pull stream (``master``, ``events``), the position in central's change
  log. Written in the same local transaction as the rows pulled up to it.
* ``sync_parked``: outbox events central refused (malformed, or their key held by another
  UUID); kept, never dropped. ``resolved_at`` and ``resolution`` say when and how one was
  settled (sent again under a new incarnation, found at central already).
* ``sync_alarms``: alarms for supervisors with deterministic keys, so repeats collapse.
* ``sync_status``: the last sync's facts (time, clock skew, central URL without secrets).
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text, UniqueConstraint

from ..schema import metadata

sync_push_position = Table(
    "sync_push_position",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("incarnation_id", String(36), primary_key=True),
    Column("acked_seq", Integer, nullable=False),
    Column("acked_at", String(40), nullable=False),
)

sync_cursor = Table(
    "sync_cursor",
    metadata,
    Column("stream", String(32), primary_key=True),
    Column("position", String(64), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

sync_parked = Table(
    "sync_parked",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("incarnation_id", String(36), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("parked_at", String(40), nullable=False),
    Column("resolved_at", String(40), nullable=True),
    Column("resolution", String(200), nullable=True),
    UniqueConstraint("uuid", name="uq_sync_parked_uuid"),
)

sync_alarms = Table(
    "sync_alarms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # canonical JSON
    Column("raised_at", String(40), nullable=False),
    Column("acknowledged_at", String(40), nullable=True),
    UniqueConstraint("key", name="uq_sync_alarms_key"),
)

sync_status = Table(
    "sync_status",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
