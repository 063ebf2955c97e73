"""events written again under a new key are recorded, so the scan log lists each scan once

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

A store copied back over a newer copy writes the events whose keys the other copy took again
under a new incarnation (``sync.heal``): the same event, uuid and payload, with a second
outbox row. ``outbox_reissued`` records each such copy (its id, and the id it was first
written under); the ``scan_log`` view leaves the copies out, so the scan shows once, where it
was first written, while the outbox still sends the copy. Copies written before this
revision are found by their uuid (one grouping of the outbox, once).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_VIEW_COLUMNS = (
    "uuid, ts, user_id, device_url, symbology, aim, raw, interpreted, workflow, outcome, "
    "message_key"
)
_SQLITE_SCANS = """
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
_POSTGRES_SCANS = """
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
_ONCE = "  AND o.id NOT IN (SELECT id FROM outbox_reissued)\n"
_TRIGGERS = (
    "CREATE TRIGGER outbox_reissued_no_update BEFORE UPDATE ON outbox_reissued "
    "BEGIN SELECT RAISE(ABORT, 'outbox_reissued is append-only'); END",
    "CREATE TRIGGER outbox_reissued_no_delete BEFORE DELETE ON outbox_reissued "
    "BEGIN SELECT RAISE(ABORT, 'outbox_reissued is append-only'); END",
)


def _view(*, once: bool) -> str:
    sqlite = op.get_bind().dialect.name == "sqlite"
    scans = _SQLITE_SCANS if sqlite else _POSTGRES_SCANS
    return (
        f"CREATE VIEW scan_log AS\nSELECT {_VIEW_COLUMNS} FROM scan_log_legacy\nUNION ALL"
        f"{scans}{_ONCE if once else ''}"
    )


def upgrade() -> None:
    key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "outbox_reissued",
        sa.Column("id", key, autoincrement=False, nullable=False),
        sa.Column("original_id", key, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_reissued")),
    )
    op.execute(
        "INSERT INTO outbox_reissued (id, original_id) "
        "SELECT o.id, f.first_id FROM outbox o JOIN "
        "(SELECT uuid, min(id) AS first_id FROM outbox GROUP BY uuid HAVING count(*) > 1) f "
        "ON o.uuid = f.uuid WHERE o.id <> f.first_id"
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _TRIGGERS:
            op.execute(statement)
    op.execute("DROP VIEW scan_log")
    op.execute(_view(once=True))


def downgrade() -> None:
    op.execute("DROP VIEW scan_log")
    op.execute(_view(once=False))
    op.drop_table("outbox_reissued")
