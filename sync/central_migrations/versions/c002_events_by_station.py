"""central_events partitioned by station; the pull cursor's index kept on every partition

Revision ID: c002
Revises: c001
Create Date: 2026-12-01

On PostgreSQL ``central_events`` becomes a table partitioned by hash of ``station_id``
(``EVENT_PARTITIONS`` partitions, plain declarative partitioning). The existing rows move
over with their ``id`` and ``xid`` (the pull cursor's positions stay valid), the id sequence
is kept, and so are the append-only trigger, row-level security, the ``central_stock`` view
and the station logins' grants. Row-level security checks look the session's station up once
per statement instead of once per row. Unique keys must hold the partition key: the event key
(station, incarnation, seq) is unchanged, the UUID is unique per station. SQLite centrals
(test stand-ins) keep their table as it is.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "c002"
down_revision = "c001"
branch_labels = None
depends_on = None

EVENT_PARTITIONS = 8
SESSION_STATION = "(SELECT central_station_of_session())"

_COLUMNS = "id, station_id, incarnation_id, seq, uuid, kind, payload, created_at, xid"
_STOCK_VIEW = (
    "CREATE VIEW central_stock AS SELECT payload::jsonb->>'item_sku' AS sku, "
    "payload::jsonb->>'location_code' AS location, payload::jsonb->>'lot_no' AS lot_no, "
    "sum((payload::jsonb->>'qty')::numeric) AS qty FROM central_events "
    "WHERE kind = 'movement' GROUP BY 1, 2, 3"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    logins = [
        r[0]
        for r in bind.execute(
            text(
                "SELECT l.role_name FROM central_station_logins l JOIN pg_roles r "
                "ON r.rolname = l.role_name WHERE l.role_name <> current_user"
            )
        )
    ]
    op.execute("DROP VIEW central_stock")
    op.execute("ALTER TABLE central_events RENAME TO central_events_c001")
    for old in ("pk_central_events", "uq_central_events_key", "uq_central_events_uuid"):
        op.execute(f"ALTER TABLE central_events_c001 RENAME CONSTRAINT {old} TO {old}_c001")
    op.execute("ALTER INDEX ix_central_events_xid_id RENAME TO ix_central_events_xid_id_c001")
    op.execute("ALTER SEQUENCE central_events_id_seq OWNED BY NONE")
    op.execute(
        "CREATE TABLE central_events ("
        "id bigint NOT NULL DEFAULT nextval('central_events_id_seq'), "
        "station_id varchar(64) NOT NULL, incarnation_id varchar(36) NOT NULL, "
        "seq bigint NOT NULL, uuid varchar(36) NOT NULL, kind varchar(32) NOT NULL, "
        "payload text NOT NULL, created_at varchar(40) NOT NULL, "
        "xid xid8 NOT NULL DEFAULT pg_current_xact_id(), "
        "CONSTRAINT pk_central_events PRIMARY KEY (station_id, id), "
        "CONSTRAINT uq_central_events_key UNIQUE (station_id, incarnation_id, seq), "
        "CONSTRAINT uq_central_events_uuid UNIQUE (station_id, uuid)"
        ") PARTITION BY HASH (station_id)"
    )
    for part in range(EVENT_PARTITIONS):
        op.execute(
            f"CREATE TABLE central_events_p{part} PARTITION OF central_events "
            f"FOR VALUES WITH (MODULUS {EVENT_PARTITIONS}, REMAINDER {part})"
        )
    op.execute("CREATE INDEX ix_central_events_xid_id ON central_events (xid, id)")
    op.execute(
        f"INSERT INTO central_events ({_COLUMNS}) SELECT {_COLUMNS} FROM central_events_c001"
    )
    op.execute("DROP TABLE central_events_c001")
    op.execute("ALTER SEQUENCE central_events_id_seq OWNED BY central_events.id")
    op.execute(
        "CREATE TRIGGER central_events_append_only BEFORE UPDATE OR DELETE ON central_events "
        "FOR EACH ROW EXECUTE FUNCTION central_refuse_change()"
    )
    op.execute("CREATE POLICY events_read ON central_events FOR SELECT USING (true)")
    op.execute(
        "CREATE POLICY events_own ON central_events FOR INSERT "
        f"WITH CHECK (station_id = {SESSION_STATION})"
    )
    # The station of the session once per statement (an InitPlan), not once per row.
    op.execute(
        f"ALTER POLICY clashes_own ON central_clashes WITH CHECK (station_id = {SESSION_STATION})"
    )
    op.execute(
        f"ALTER POLICY heads_insert ON central_audit_heads WITH CHECK (station_id = {SESSION_STATION})"
    )
    op.execute(
        f"ALTER POLICY heads_update ON central_audit_heads USING (station_id = {SESSION_STATION}) "
        f"WITH CHECK (station_id = {SESSION_STATION})"
    )
    op.execute("ALTER TABLE central_events ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE central_events FORCE ROW LEVEL SECURITY")
    op.execute(_STOCK_VIEW)
    for role in logins:
        quoted = '"' + role.replace('"', '""') + '"'
        op.execute(f"GRANT SELECT, INSERT ON central_events TO {quoted}")


def downgrade() -> None:
    raise NotImplementedError("central_events stays partitioned; restore a backup to go back")
