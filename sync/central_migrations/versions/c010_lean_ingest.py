"""ingest checks each payload with cheaper tests, in one pass over the staged batch

Revision ID: c010
Revises: c009
Create Date: 2026-12-02

Replaces ``central_event_problem(kind, payload)`` and ``central_ingest_events()`` (c003) with
the same rules and the same refusal reasons, written so a well-formed movement costs about
half: the uuid's length and characters are tested by byte length and one unbounded character
class instead of a bounded regular expression and ``ltrim(lower(...))``, and a quantity or
unit cost by its regular expression alone (a JSON number's text always matches it; null,
booleans, arrays and objects never do). The station check and the count of staged rows share
one scan of the staging table with the payload checks (a batch naming another station is
still refused as a whole, before anything is written). Signatures and grants are unchanged.
"""

from __future__ import annotations

from alembic import op

from sync.central_migrations.versions import c003_ingest_function as c003

revision = "c010"
down_revision = "c009"
branch_labels = None
depends_on = None

DECIMAL = c003.DECIMAL

PROBLEM_CASE = rf"""CASE
  WHEN jsonb_typeof({{p}}) IS DISTINCT FROM 'object' THEN 'the payload is not a JSON object'
  WHEN {{kind}} <> 'movement' THEN NULL
  WHEN jsonb_typeof({{p}}->'uuid') IS DISTINCT FROM 'string'
    OR octet_length({{p}}->>'uuid') NOT BETWEEN 32 AND 36
    OR ({{p}}->>'uuid') !~ '^[-0-9a-fA-F]+$' THEN 'a movement needs its uuid'
  WHEN jsonb_typeof({{p}}->'kind') IS DISTINCT FROM 'string' OR {{p}}->>'kind' = ''
    THEN 'a movement needs its kind'
  WHEN jsonb_typeof({{p}}->'item_sku') IS DISTINCT FROM 'string' OR {{p}}->>'item_sku' = ''
    THEN 'a movement needs the item''s SKU'
  WHEN jsonb_typeof({{p}}->'location_code') IS DISTINCT FROM 'string'
    OR {{p}}->>'location_code' = '' THEN 'a movement needs a location code'
  WHEN NOT coalesce(({{p}}->>'qty') ~ '{DECIMAL}', false)
    THEN 'a movement needs a decimal quantity'
  WHEN ({{p}}->>'unit_cost') !~ '{DECIMAL}' THEN 'the unit cost is not a decimal'
  WHEN jsonb_typeof({{p}}->'ts') IS DISTINCT FROM 'string'
    OR ({{p}}->>'ts') NOT LIKE '____-__-__T__:__%' THEN 'a movement needs its time'
END"""
"""c003's ``PROBLEM_CASE`` with the same answer for every payload (a uuid of 32 to 36
hexadecimal digits and hyphens is ASCII, so its byte length is its length; ``->>`` gives a
number's text, NULL for a JSON null or a missing key, and the text of a boolean, array or
object, which no decimal matches). ``tests/sync/test_sync_ingest.py`` compares the two over
a corpus of malformed payloads."""

PROBLEM = (
    "CREATE OR REPLACE FUNCTION central_event_problem(kind text, p jsonb) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT " + PROBLEM_CASE.format(p="p", kind="kind") + " $$"
)

_STAGED = "s.station_id, s.incarnation_id, s.seq, s.uuid, s.kind, s.payload, s.created_at"
_EVENT_COLUMNS = "station_id, incarnation_id, seq, uuid, kind, payload, created_at"


def ingest_function(problem_case: str) -> str:
    """``central_ingest_events()`` checking payloads with ``problem_case``."""
    return f"""
CREATE OR REPLACE FUNCTION central_ingest_events(
  OUT inserted bigint, OUT refused_seqs bigint[], OUT refused_problems text[]
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  me text := central_station_of_session();
  r record;
  problem text;
  foreign_rows bigint;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'this database login speaks for no station'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  BEGIN
    SELECT count(*) FILTER (WHERE s.station_id IS DISTINCT FROM me),
           coalesce(array_agg(s.seq ORDER BY s.seq) FILTER (WHERE x.problem IS NOT NULL), '{{}}'),
           coalesce(array_agg(x.problem ORDER BY s.seq) FILTER (WHERE x.problem IS NOT NULL),
             '{{}}')
      INTO foreign_rows, refused_seqs, refused_problems
      FROM pg_temp.sync_staging s
      CROSS JOIN LATERAL (SELECT s.payload::jsonb AS p OFFSET 0) j
      CROSS JOIN LATERAL (
        SELECT {problem_case.format(p="j.p", kind="s.kind")} AS problem OFFSET 0
      ) x;  -- OFFSET 0: the checks run once per row, not once per use of their answer
  EXCEPTION WHEN invalid_text_representation THEN  -- a payload is not JSON: find which
    SELECT count(*) FILTER (WHERE s.station_id IS DISTINCT FROM me) INTO foreign_rows
      FROM pg_temp.sync_staging s;
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
  IF me <> 'CENTRAL' AND foreign_rows > 0 THEN
    RAISE EXCEPTION 'station % may push only its own events', me
      USING ERRCODE = 'insufficient_privilege';
  END IF;
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PROBLEM)
    op.execute(ingest_function(PROBLEM_CASE))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(c003.PROBLEM.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute(c003.INGEST.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
