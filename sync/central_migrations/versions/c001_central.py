"""central tables: events, change log, clashes, audit heads, logins, alerts, meta

Revision ID: c001
Revises:
Create Date: 2026-11-25

On PostgreSQL also: the ``xid`` columns (xid8, the writing transaction) that the pull cursor
reads, the indexes on them, row-level security on the tables stations write, a read-only
``central_stock`` view, and triggers that keep events append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c001"
down_revision = None
branch_labels = ("central",)
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

RLS = (
    # table, policy name, command, USING, WITH CHECK
    ("central_events", "events_read", "SELECT", "true", None),
    ("central_events", "events_own", "INSERT", None, "station_id = central_station_of_session()"),
    ("central_clashes", "clashes_read", "SELECT", "true", None),
    ("central_clashes", "clashes_own", "INSERT", None, "station_id = central_station_of_session()"),
    ("central_audit_heads", "heads_read", "SELECT", "true", None),
    (
        "central_audit_heads",
        "heads_insert",
        "INSERT",
        None,
        "station_id = central_station_of_session()",
    ),
    (
        "central_audit_heads",
        "heads_update",
        "UPDATE",
        "station_id = central_station_of_session()",
        "station_id = central_station_of_session()",
    ),
)


def upgrade() -> None:
    op.create_table(
        "central_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_central_meta")),
    )
    op.create_table(
        "central_events",
        sa.Column("id", BigId, nullable=False, autoincrement=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_events")),
        sa.UniqueConstraint("uuid", name="uq_central_events_uuid"),
        sa.UniqueConstraint("station_id", "incarnation_id", "seq", name="uq_central_events_key"),
    )
    op.create_table(
        "central_changes",
        sa.Column("id", BigId, nullable=False, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_changes")),
    )
    op.create_index("ix_central_changes_kind_key", "central_changes", ["kind", "key"])
    op.create_table(
        "central_clashes",
        sa.Column("id", BigId, nullable=False, autoincrement=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_clashes")),
        sa.UniqueConstraint("uuid", name="uq_central_clashes_uuid"),
    )
    op.create_table(
        "central_audit_heads",
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_central_audit_heads")),
    )
    op.create_table(
        "central_station_logins",
        sa.Column("role_name", sa.String(63), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_central_station_logins")),
    )
    op.create_table(
        "central_alerts",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_central_alerts")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgres_extras()


def _postgres_extras() -> None:
    for table in ("central_events", "central_changes"):
        op.execute(f"ALTER TABLE {table} ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()")
        op.execute(f"CREATE INDEX ix_{table}_xid_id ON {table} (xid, id)")
    op.execute(
        "CREATE FUNCTION central_station_of_session() RETURNS text LANGUAGE sql STABLE "
        "SECURITY DEFINER SET search_path = public AS "
        "$$ SELECT station_id FROM central_station_logins WHERE role_name = session_user $$"
    )
    op.execute(
        "CREATE FUNCTION central_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
    )
    op.execute(
        "CREATE TRIGGER central_events_append_only BEFORE UPDATE OR DELETE ON central_events "
        "FOR EACH ROW EXECUTE FUNCTION central_refuse_change()"
    )
    for table, name, command, using, check in RLS:
        clause = f" USING ({using})" if using else ""
        clause += f" WITH CHECK ({check})" if check else ""
        op.execute(f"CREATE POLICY {name} ON {table} FOR {command}{clause}")
    for table in {entry[0] for entry in RLS}:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE VIEW central_stock AS SELECT payload::jsonb->>'item_sku' AS sku, "
        "payload::jsonb->>'location_code' AS location, payload::jsonb->>'lot_no' AS lot_no, "
        "sum((payload::jsonb->>'qty')::numeric) AS qty FROM central_events "
        "WHERE kind = 'movement' GROUP BY 1, 2, 3"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW central_stock")
        op.execute("DROP TRIGGER central_events_append_only ON central_events")
        op.execute("DROP FUNCTION central_refuse_change()")
    for table in (
        "central_alerts",
        "central_station_logins",
        "central_audit_heads",
        "central_clashes",
        "central_changes",
        "central_events",
        "central_meta",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_station_of_session()")
