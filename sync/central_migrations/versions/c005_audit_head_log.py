"""audit heads as an append-only history, reported through a function

Revision ID: c005
Revises: c004
Create Date: 2026-12-02

``central_audit_head_log`` keeps every head a station reported (station, incarnation,
entries, head hash, the reported head it builds on, whether it extends it), never updated:
a station login may only read it. ``central_audit_heads`` becomes a view of each station's
latest head. On PostgreSQL ``central_report_audit_head(incarnation, base, chain)`` is the
only way in: it takes the station from the session, checks that the entries reported
(``chain``: each entry's previous hash, hash, action, and the detail of a
``store.restored`` entry) link to the head at position ``base`` and that this head is the
station's latest, or, for a new incarnation, that the chain holds the ``store.restored`` entry
naming it and agrees with every head reported before the restore. Otherwise it appends the
head all the same, marked as not extending, and raises ``audit.rewritten`` (or
``audit.shorter``) in ``central_alerts``, where the station cannot remove it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "c005"
down_revision = "c004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

LATEST = (
    "CREATE VIEW central_audit_heads{options} AS SELECT l.station_id, l.incarnation_id, "
    "l.entries, l.head_hash, l.reported_at FROM central_audit_head_log l WHERE l.id = "
    "(SELECT max(m.id) FROM central_audit_head_log m WHERE m.station_id = l.station_id)"
)

REPORT = r"""
CREATE FUNCTION central_report_audit_head(p_incarnation text, p_base integer, p_chain jsonb)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $fn$
DECLARE
  me text := central_station_of_session();
  last record;
  base_hash text;
  prev text;
  n integer := coalesce(jsonb_array_length(p_chain), 0);
  linked boolean;
  restored_at integer;
  extends boolean;
  new_head text;
  alarm text;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'this database login speaks for no station'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO last FROM central_audit_head_log
    WHERE station_id = me ORDER BY id DESC LIMIT 1;
  IF p_base = 0 THEN
    base_hash := '';
  ELSE
    SELECT head_hash INTO base_hash FROM central_audit_head_log
      WHERE station_id = me AND entries = p_base ORDER BY id DESC LIMIT 1;
  END IF;
  linked := base_hash IS NOT NULL;
  prev := base_hash;
  FOR i IN 0 .. n - 1 LOOP
    IF prev IS NOT NULL AND prev <> '' AND p_chain->i->>'prev' IS DISTINCT FROM prev THEN
      linked := false;
    END IF;
    prev := p_chain->i->>'hash';
    IF restored_at IS NULL AND p_chain->i->>'action' = 'store.restored'
       AND (p_chain->i->>'detail')::jsonb->>'new_incarnation' = p_incarnation THEN
      restored_at := p_base + i + 1;
    END IF;
  END LOOP;
  new_head := coalesce(prev, '');
  IF last IS NOT NULL AND last.entries = p_base + n AND last.head_hash = new_head
     AND last.incarnation_id = p_incarnation THEN
    RETURN NULL;  -- an unchanged head is not written again: an idle round writes nothing
  END IF;
  extends := linked AND (
    last IS NULL
    OR (p_base = last.entries AND base_hash = last.head_hash)
    OR (p_incarnation <> last.incarnation_id AND restored_at IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM central_audit_head_log h
      WHERE h.station_id = me AND h.entries > p_base AND h.entries < restored_at
        AND h.head_hash IS DISTINCT FROM p_chain->(h.entries - p_base - 1)->>'hash')));
  INSERT INTO central_audit_head_log
    (station_id, incarnation_id, entries, head_hash, base_entries, extends, reported_at)
    VALUES (me, p_incarnation, p_base + n, new_head, p_base, extends, now()::text);
  IF extends THEN
    RETURN NULL;
  END IF;
  alarm := CASE WHEN p_base + n < last.entries THEN 'audit.shorter' ELSE 'audit.rewritten' END;
  INSERT INTO central_alerts (key, kind, detail, raised_at)
    VALUES (alarm || ':' || me || ':' || new_head, alarm,
      json_build_object('station', me, 'incarnation', p_incarnation, 'entries', p_base + n,
        'previous_entries', last.entries, 'previous_incarnation', last.incarnation_id)::text,
      now()::text)
    ON CONFLICT DO NOTHING;
  RETURN alarm;
END $fn$
"""


def upgrade() -> None:
    op.create_table(
        "central_audit_head_log",
        sa.Column("id", BigId, nullable=False, autoincrement=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("base_entries", sa.Integer(), nullable=False),
        sa.Column("extends", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_audit_head_log")),
    )
    op.create_index(
        "ix_central_audit_head_log_station", "central_audit_head_log", ["station_id", "id"]
    )
    op.execute(
        "INSERT INTO central_audit_head_log (station_id, incarnation_id, entries, head_hash, "
        "base_entries, extends, reported_at) SELECT station_id, incarnation_id, entries, "
        "head_hash, entries, true, reported_at FROM central_audit_heads ORDER BY station_id"
    )
    op.drop_table("central_audit_heads")
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.execute(LATEST.format(options=" WITH (security_invoker = true)" if postgres else ""))
    if not postgres:
        return
    op.execute(
        "CREATE TRIGGER central_audit_head_log_append_only BEFORE UPDATE OR DELETE "
        "ON central_audit_head_log FOR EACH ROW EXECUTE FUNCTION central_refuse_change()"
    )
    op.execute("CREATE POLICY heads_read ON central_audit_head_log FOR SELECT USING (true)")
    op.execute("ALTER TABLE central_audit_head_log ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE central_audit_head_log FORCE ROW LEVEL SECURITY")
    op.execute(REPORT)
    logins = [
        r[0]
        for r in bind.execute(
            text(
                "SELECT l.role_name FROM central_station_logins l JOIN pg_roles r "
                "ON r.rolname = l.role_name WHERE l.role_name <> current_user"
            )
        )
    ]
    for role in logins:
        quoted = '"' + role.replace('"', '""') + '"'
        op.execute(f"GRANT SELECT ON central_audit_head_log, central_audit_heads TO {quoted}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_report_audit_head(text, integer, jsonb)")
    op.execute("DROP VIEW central_audit_heads")
    op.create_table(
        "central_audit_heads",
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_central_audit_heads")),
    )
    op.execute(
        "INSERT INTO central_audit_heads SELECT station_id, incarnation_id, entries, head_hash, "
        "reported_at FROM central_audit_head_log l WHERE l.id = (SELECT max(m.id) FROM "
        "central_audit_head_log m WHERE m.station_id = l.station_id)"
    )
    op.drop_table("central_audit_head_log")
