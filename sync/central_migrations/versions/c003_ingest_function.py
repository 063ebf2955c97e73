"""ingest through a function: the station from the session, ids central's, payloads checked

Revision ID: c003
Revises: c002
Create Date: 2026-12-01

Adds ``central_refused`` (events central refused, kept with the reason). On PostgreSQL:

* ``central_event_problem(kind, payload)``: the event schema of :mod:`sync.event_schema`
  in SQL (NULL when the event is well-formed);
* ``central_ingest_events()``: moves the session's staging table (``pg_temp.sync_staging``)
  into ``central_events``. It takes the station from the session (refusing a batch that names
  another; central's own login, ``CENTRAL``, may move any station's events), lets central assign ``id`` and ``xid``, and refuses each malformed event into
  ``central_refused`` with a ``sync.refused`` central alert. Station logins lose their
  INSERT on ``central_events``: this function is their only way in;
* ``central_raise_alert(kind, key, detail)``: a station reports what it could not apply; the
  alert's key names the reporting station (from the session).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "c003"
down_revision = "c002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"

PROBLEM_CASE = rf"""CASE
  WHEN jsonb_typeof({{p}}) IS DISTINCT FROM 'object' THEN 'the payload is not a JSON object'
  WHEN {{kind}} <> 'movement' THEN NULL
  WHEN jsonb_typeof({{p}}->'uuid') IS DISTINCT FROM 'string'
    OR length({{p}}->>'uuid') NOT BETWEEN 32 AND 36
    OR ltrim(lower({{p}}->>'uuid'), '0123456789abcdef-') <> '' THEN 'a movement needs its uuid'
  WHEN jsonb_typeof({{p}}->'kind') IS DISTINCT FROM 'string' OR {{p}}->>'kind' = ''
    THEN 'a movement needs its kind'
  WHEN jsonb_typeof({{p}}->'item_sku') IS DISTINCT FROM 'string' OR {{p}}->>'item_sku' = ''
    THEN 'a movement needs the item''s SKU'
  WHEN jsonb_typeof({{p}}->'location_code') IS DISTINCT FROM 'string'
    OR {{p}}->>'location_code' = '' THEN 'a movement needs a location code'
  WHEN coalesce(jsonb_typeof({{p}}->'qty'), 'null') NOT IN ('string', 'number')
    OR ({{p}}->>'qty') !~ '{DECIMAL}' THEN 'a movement needs a decimal quantity'
  WHEN coalesce(jsonb_typeof({{p}}->'unit_cost'), 'null') NOT IN ('null', 'string', 'number')
    OR (jsonb_typeof({{p}}->'unit_cost') IN ('string', 'number')
        AND ({{p}}->>'unit_cost') !~ '{DECIMAL}')
    THEN 'the unit cost is not a decimal'
  WHEN jsonb_typeof({{p}}->'ts') IS DISTINCT FROM 'string'
    OR ({{p}}->>'ts') NOT LIKE '____-__-__T__:__%' THEN 'a movement needs its time'
END"""
"""The event schema of :mod:`sync.event_schema` as one SQL expression over a payload ``{p}``
(jsonb) and an event kind ``{kind}``: NULL when the event is well-formed (the time is checked
for its shape here; the pulling station also parses it). Written out in the ingest query
itself over a payload cast once (``OFFSET 0`` keeps the planner from repeating the cast in
every test): a SQL function using its argument this often is not inlined, and a call per row
cost about 0.4 ms. Regular expressions only where a cheaper string test would be weaker."""

PROBLEM = (
    "CREATE FUNCTION central_event_problem(kind text, p jsonb) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT " + PROBLEM_CASE.format(p="p", kind="kind") + " $$"
)

_STAGED = "s.station_id, s.incarnation_id, s.seq, s.uuid, s.kind, s.payload, s.created_at"
_EVENT_COLUMNS = "station_id, incarnation_id, seq, uuid, kind, payload, created_at"

INGEST = f"""
CREATE FUNCTION central_ingest_events(
  OUT inserted bigint, OUT refused_seqs bigint[], OUT refused_problems text[]
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  me text := central_station_of_session();
  r record;
  problem text;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'this database login speaks for no station'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF me <> 'CENTRAL' AND EXISTS (
    SELECT 1 FROM pg_temp.sync_staging s WHERE s.station_id IS DISTINCT FROM me
  ) THEN
    RAISE EXCEPTION 'station % may push only its own events', me
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  BEGIN
    SELECT coalesce(array_agg(s.seq ORDER BY s.seq), '{{}}'),
           coalesce(array_agg(x.problem ORDER BY s.seq), '{{}}')
      INTO refused_seqs, refused_problems
      FROM pg_temp.sync_staging s
      CROSS JOIN LATERAL (SELECT s.payload::jsonb AS p OFFSET 0) j
      CROSS JOIN LATERAL (SELECT {PROBLEM_CASE.format(p="j.p", kind="s.kind")} AS problem) x
      WHERE x.problem IS NOT NULL;
  EXCEPTION WHEN invalid_text_representation THEN  -- a payload is not JSON: find which
    refused_seqs := '{{}}';
    refused_problems := '{{}}';
    FOR r IN SELECT s.seq, s.kind, s.payload FROM pg_temp.sync_staging s ORDER BY s.seq LOOP
      BEGIN
        problem := central_event_problem(r.kind, r.payload::jsonb);
      EXCEPTION WHEN invalid_text_representation THEN
        problem := 'the payload is not JSON';
      END;
      IF problem IS NOT NULL THEN
        refused_seqs := refused_seqs || r.seq;
        refused_problems := refused_problems || problem;
      END IF;
    END LOOP;
  END;
  IF cardinality(refused_seqs) > 0 THEN
    INSERT INTO central_refused ({_EVENT_COLUMNS}, problem, reported_at)
      SELECT {_STAGED}, p.problem, now()::text
      FROM pg_temp.sync_staging s
      JOIN unnest(refused_seqs, refused_problems) AS p(seq, problem) ON p.seq = s.seq
      ON CONFLICT DO NOTHING;
    INSERT INTO central_alerts (key, kind, detail, raised_at)
      SELECT 'sync.refused:' || s.station_id || ':' || s.uuid, 'sync.refused',
        json_build_object('station', s.station_id, 'incarnation', s.incarnation_id,
          'seq', s.seq, 'uuid', s.uuid, 'problem', p.problem)::text, now()::text
      FROM pg_temp.sync_staging s
      JOIN unnest(refused_seqs, refused_problems) AS p(seq, problem) ON p.seq = s.seq
      ON CONFLICT DO NOTHING;
  END IF;
  -- Optimistic: a plain INSERT; a replayed or clashing batch takes the careful path.
  BEGIN
    INSERT INTO central_events ({_EVENT_COLUMNS})
      SELECT {_STAGED} FROM pg_temp.sync_staging s WHERE s.seq <> ALL (refused_seqs);
    GET DIAGNOSTICS inserted = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO central_events ({_EVENT_COLUMNS})
      SELECT {_STAGED} FROM pg_temp.sync_staging s WHERE s.seq <> ALL (refused_seqs)
      ORDER BY s.station_id, s.incarnation_id, s.seq ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
  END;
END $fn$
"""

ALERT = """
CREATE FUNCTION central_raise_alert(kind text, key text, detail text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO central_alerts (key, kind, detail, raised_at)
  SELECT kind || ':' || central_station_of_session() || ':' || key, kind, detail, now()::text
  WHERE central_station_of_session() IS NOT NULL
  ON CONFLICT DO NOTHING
$$
"""


def upgrade() -> None:
    op.create_table(
        "central_refused",
        sa.Column("id", BigId, nullable=False, autoincrement=True),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("incarnation_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_refused")),
        sa.UniqueConstraint("station_id", "incarnation_id", "seq", name="uq_central_refused_key"),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(PROBLEM)
    op.execute(INGEST)
    op.execute(ALERT)
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
        op.execute(f"REVOKE INSERT ON central_events FROM {quoted}")
        op.execute(f"GRANT SELECT ON central_refused TO {quoted}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_raise_alert(text, text, text)")
        op.execute("DROP FUNCTION central_ingest_events()")
        op.execute("DROP FUNCTION central_event_problem(text, jsonb)")
    op.drop_table("central_refused")
