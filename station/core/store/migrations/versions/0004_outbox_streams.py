"""outbox keyed by stream and sequence: no separate index on (station, incarnation, seq)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Each (station, incarnation) the store has written events under is a numbered stream
(``outbox_streams``), and an event's id is ``stream * 2**32 + seq``. The table's own key then
orders events by stream and sequence, so the unique index on (station, incarnation, seq),
one more b-tree every event's commit wrote, goes; a check keeps ``seq`` equal to the id's
low 32 bits. The next sequence number and a push batch are ranges of the primary key.

The scan-log view is made again: it told apart the scans already in ``scan_log_legacy`` by
outbox id, which this revision renumbers; it now leaves out events whose scan uuid the
legacy log holds.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_VIEW_COLUMNS = (
    "uuid, ts, user_id, device_url, symbology, aim, raw, interpreted, workflow, outcome, "
    "message_key"
)
_SQLITE_VIEW = f"""
CREATE VIEW scan_log AS
SELECT {_VIEW_COLUMNS} FROM scan_log_legacy
UNION ALL
SELECT o.uuid,
  json_extract(o.payload, '$.ts'),
  json_extract(o.payload, '$.user_id'),
  json_extract(o.payload, '$.device_url'),
  json_extract(o.payload, '$.symbology'),
  json_extract(o.payload, '$.aim'),
  coalesce(unhex(json_extract(o.payload, '$.raw_hex')),
           CAST(json_extract(o.payload, '$.text') AS BLOB)),
  json_extract(o.payload, '$.interpreted'),
  json_extract(o.payload, '$.workflow'),
  json_extract(o.payload, '$.outcome'),
  json_extract(o.payload, '$.message_key')
FROM outbox o WHERE o.kind IN ('scan', 'rfid_round')
  AND coalesce(json_extract(o.payload, '$.uuid'), o.uuid)
      NOT IN (SELECT uuid FROM scan_log_legacy)
"""
_POSTGRES_VIEW = f"""
CREATE VIEW scan_log AS
SELECT {_VIEW_COLUMNS} FROM scan_log_legacy
UNION ALL
SELECT o.uuid,
  o.payload::jsonb ->> 'ts',
  (o.payload::jsonb ->> 'user_id')::integer,
  o.payload::jsonb ->> 'device_url',
  o.payload::jsonb ->> 'symbology',
  o.payload::jsonb ->> 'aim',
  coalesce(decode(o.payload::jsonb ->> 'raw_hex', 'hex'),
           convert_to(o.payload::jsonb ->> 'text', 'UTF8')),
  (o.payload::jsonb -> 'interpreted')::text,
  o.payload::jsonb ->> 'workflow',
  o.payload::jsonb ->> 'outcome',
  o.payload::jsonb ->> 'message_key'
FROM outbox o WHERE o.kind IN ('scan', 'rfid_round')
  AND coalesce(o.payload::jsonb ->> 'uuid', o.uuid)
      NOT IN (SELECT uuid FROM scan_log_legacy)
"""
_TRIGGERS = (
    "CREATE TRIGGER outbox_only_mark_sent BEFORE UPDATE ON outbox "
    "WHEN NEW.uuid IS NOT OLD.uuid OR NEW.seq IS NOT OLD.seq OR NEW.payload IS NOT OLD.payload "
    "OR NEW.kind IS NOT OLD.kind OR NEW.station_id IS NOT OLD.station_id "
    "OR NEW.incarnation_id IS NOT OLD.incarnation_id OR NEW.id IS NOT OLD.id "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END",
    "CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are kept'); END",
)
_COLUMNS = "uuid, station_id, incarnation_id, seq, kind, payload, created_at, sent_at"


def _sqlite_outbox(name: str, *, keyed_by_stream: bool) -> str:
    key = (
        "CONSTRAINT ck_outbox_seq_in_id CHECK (seq = (id & 4294967295))"
        if keyed_by_stream
        else "CONSTRAINT uq_outbox_station_seq UNIQUE (station_id, incarnation_id, seq)"
    )
    return (
        f"CREATE TABLE {name} (id INTEGER NOT NULL, uuid VARCHAR(36) NOT NULL, "
        "station_id VARCHAR(64) NOT NULL, incarnation_id VARCHAR(36) NOT NULL, "
        "seq INTEGER NOT NULL, kind VARCHAR(32) NOT NULL, payload TEXT NOT NULL, "
        "created_at VARCHAR(40) NOT NULL, sent_at VARCHAR(40), "
        f"CONSTRAINT pk_outbox PRIMARY KEY (id), {key})"
    )


def _rebuild_sqlite_outbox(*, keyed_by_stream: bool, new_id: str) -> None:
    """Copy the outbox into a table keyed the other way, ids given by ``new_id`` (an SQL
    expression over the old row), then put back its triggers and the scan-log view."""
    op.execute(_sqlite_outbox("outbox_rebuilt", keyed_by_stream=keyed_by_stream))
    op.execute(
        f"INSERT INTO outbox_rebuilt (id, {_COLUMNS}) "
        f"SELECT {new_id}, {_COLUMNS} FROM outbox ORDER BY id"
    )
    op.execute("DROP TABLE outbox")
    op.execute("ALTER TABLE outbox_rebuilt RENAME TO outbox")
    for statement in _TRIGGERS:
        op.execute(statement)
    op.execute(_SQLITE_VIEW)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.execute("DROP VIEW scan_log")
    op.create_table(
        "outbox_streams",
        sa.Column("stream", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("incarnation_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("stream", name="pk_outbox_streams"),
        sa.UniqueConstraint("station_id", "incarnation_id", name="uq_outbox_streams_identity"),
    )
    # streams in the order their first event was written, then the store's own identity
    op.execute(
        "INSERT INTO outbox_streams (stream, station_id, incarnation_id) "
        "SELECT row_number() OVER (ORDER BY min(id)), station_id, incarnation_id "
        "FROM outbox GROUP BY station_id, incarnation_id"
    )
    op.execute(
        "INSERT INTO outbox_streams (stream, station_id, incarnation_id) "
        "SELECT (SELECT coalesce(max(stream), 0) + 1 FROM outbox_streams), s.value, i.value "
        "FROM station_info s JOIN station_info i ON i.key = 'incarnation_id' "
        "WHERE s.key = 'station_id' AND NOT EXISTS (SELECT 1 FROM outbox_streams t "
        "WHERE t.station_id = s.value AND t.incarnation_id = i.value)"
    )
    renumbered = (
        "(SELECT t.stream FROM outbox_streams t WHERE t.station_id = outbox.station_id "
        "AND t.incarnation_id = outbox.incarnation_id) * 4294967296 + outbox.seq"
    )
    if sqlite:
        _rebuild_sqlite_outbox(keyed_by_stream=True, new_id=renumbered)
    else:
        op.execute("ALTER TABLE outbox ALTER COLUMN id DROP DEFAULT")
        op.execute("ALTER TABLE outbox ALTER COLUMN id TYPE BIGINT")
        op.execute(f"UPDATE outbox SET id = {renumbered}")
        op.drop_constraint("uq_outbox_station_seq", "outbox", type_="unique")
        op.create_check_constraint("ck_outbox_seq_in_id", "outbox", "seq = (id & 4294967295)")
        op.execute(_POSTGRES_VIEW)


def downgrade() -> None:
    bind = op.get_bind()
    op.execute("DROP VIEW scan_log")
    if bind.dialect.name == "sqlite":
        _rebuild_sqlite_outbox(keyed_by_stream=False, new_id="row_number() OVER (ORDER BY id)")
    else:
        op.drop_constraint("ck_outbox_seq_in_id", "outbox", type_="check")
        op.create_unique_constraint(
            "uq_outbox_station_seq", "outbox", ["station_id", "incarnation_id", "seq"]
        )
        op.execute(_POSTGRES_VIEW)
    op.drop_table("outbox_streams")
