"""scan log and outbox: no unique index on uuid

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Every scan writes one scan-log row and one outbox event. Each unique index on a uuid is one
more page the commit writes to the WAL and the checkpoint copies back: two of the five pages a
scan dirtied. Nothing looks either table up by uuid on the station (the uuids come from
uuid4); the central database keeps its own unique index on event uuids, which is what makes
pushing idempotent. The outbox keeps its unique (station, incarnation, seq), which the next
sequence number is read from.

On SQLite the two tables are rebuilt without the constraint and their append-only triggers
are put back; on PostgreSQL (the central database runs these migrations too) the constraints
are dropped.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "scan_log": (
        "CREATE TRIGGER scan_log_no_update BEFORE UPDATE ON scan_log "
        "BEGIN SELECT RAISE(ABORT, 'scan_log is append-only'); END",
        "CREATE TRIGGER scan_log_no_delete BEFORE DELETE ON scan_log "
        "BEGIN SELECT RAISE(ABORT, 'scan_log is append-only'); END",
    ),
    "outbox": (
        "CREATE TRIGGER outbox_only_mark_sent BEFORE UPDATE ON outbox "
        "WHEN NEW.uuid IS NOT OLD.uuid OR NEW.seq IS NOT OLD.seq OR NEW.payload IS NOT OLD.payload "
        "OR NEW.kind IS NOT OLD.kind OR NEW.station_id IS NOT OLD.station_id "
        "OR NEW.incarnation_id IS NOT OLD.incarnation_id "
        "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END",
        "CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox events are kept'); END",
    ),
}


def _drop_unique(table: str, constraint: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(constraint, table, type_="unique")
        return
    # batch mode copies the table into a new one: the triggers go with the old table
    with op.batch_alter_table(table, recreate="always") as batch_op:
        batch_op.drop_constraint(constraint, type_="unique")
    for statement in _TRIGGERS[table]:
        op.execute(statement)


def _add_unique(table: str, constraint: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.create_unique_constraint(constraint, table, ["uuid"])
        return
    with op.batch_alter_table(table, recreate="always") as batch_op:
        batch_op.create_unique_constraint(constraint, ["uuid"])
    for statement in _TRIGGERS[table]:
        op.execute(statement)


def upgrade() -> None:
    _drop_unique("scan_log", "uq_scan_log_uuid")
    _drop_unique("outbox", "uq_outbox_uuid")


def downgrade() -> None:
    _add_unique("outbox", "uq_outbox_uuid")
    _add_unique("scan_log", "uq_scan_log_uuid")
