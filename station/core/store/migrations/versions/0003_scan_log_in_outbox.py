"""scan log read from the outbox: every scan is written once

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Until now each scan was written twice: a ``scan_log`` row and an outbox ``scan`` event with
the same content. From here on the outbox event is the only record (it now carries the
symbology, the AIM identifier and, when they differ from the text's UTF-8, the raw bytes as
hex), and ``scan_log`` is a view that reads it. A scan's commit writes one b-tree fewer.

The rows written before this revision stay, untouched, in ``scan_log_legacy`` (renamed, its
append-only triggers kept); the view shows them first, then the scans of outbox events
newer than the last one at migration time (older ones are the same scans again).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    "uuid, ts, user_id, device_url, symbology, aim, raw, interpreted, workflow, outcome, "
    "message_key"
)

_SQLITE_VIEW = """
CREATE VIEW scan_log AS
SELECT {columns} FROM scan_log_legacy
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
FROM outbox o WHERE o.kind IN ('scan', 'rfid_round') AND o.id > {cutoff}
"""

_POSTGRES_VIEW = """
CREATE VIEW scan_log AS
SELECT {columns} FROM scan_log_legacy
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
FROM outbox o WHERE o.kind IN ('scan', 'rfid_round') AND o.id > {cutoff}
"""


def upgrade() -> None:
    bind = op.get_bind()
    cutoff = int(bind.exec_driver_sql("SELECT coalesce(max(id), 0) FROM outbox").scalar() or 0)
    op.rename_table("scan_log", "scan_log_legacy")  # SQLite moves the triggers along
    template = _SQLITE_VIEW if bind.dialect.name == "sqlite" else _POSTGRES_VIEW
    op.execute(template.format(columns=_COLUMNS, cutoff=cutoff))


def downgrade() -> None:
    op.execute("DROP VIEW scan_log")
    op.rename_table("scan_log_legacy", "scan_log")
