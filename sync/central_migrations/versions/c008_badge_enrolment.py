"""badges that cannot be borrowed: enrolment codes issued centrally, PINs set through a checked function

Revision ID: c008
Revises: c007
Create Date: 2026-12-02

Adds ``central_enrolments`` (one-time enrolment codes; central keeps only the SHA-256 *proof*
of each, never the code; station logins cannot read it). On PostgreSQL adds
``central_set_pin(badge, pin_hash, origin, enrolment, proof, set_at)``, a station's only way to
change a PIN centrally (station logins have no UPDATE on ``users``). It takes the station from
the session and returns NULL when the PIN is taken, else the reason it was refused (with a
``user.pin_refused`` central alert). It takes:

* an ``enrolled`` PIN only with the proof of an unused, unwithdrawn code of that badge set
  before the code expired; the code is then used up, and a tombstone tells the other stations;
* a ``chosen`` PIN (first scan) only for a clerk or counter central has no PIN for yet;
* a ``reset`` PIN (after an admin's one-time PIN) only for a clerk or counter.

A PIN central already holds is taken again as is (a push replayed after a cut link). Each PIN
taken is logged in ``central_changes`` (kind ``pin``), so every station pulls the hash.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c008"
down_revision = "c007"
branch_labels = None
depends_on = None

SET_PIN = r"""
CREATE FUNCTION central_set_pin(
  p_badge text, p_pin_hash text, p_origin text, p_enrolment bigint, p_proof text, p_set_at text
) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $fn$
DECLARE
  me text := central_station_of_session();
  u record;
  e record;
  set_at timestamptz;
  problem text;
BEGIN
  IF me IS NULL THEN
    RAISE EXCEPTION 'this database login speaks for no station'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  BEGIN
    set_at := p_set_at::timestamptz;
  EXCEPTION WHEN others THEN
    set_at := NULL;
  END;
  SELECT role, active, pin_hash INTO u FROM users WHERE badge = p_badge;
  IF NOT FOUND THEN
    problem := 'central knows no badge ' || coalesce(p_badge, '');
  ELSIF p_pin_hash IS NULL
    OR p_pin_hash !~ '^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[0-9a-f]{32}\$[0-9a-f]{128}$'
    OR split_part(p_pin_hash, '$', 2)::numeric < 16384 THEN
    problem := 'the PIN hash is not a scrypt hash of the station''s strength';
  ELSIF u.pin_hash = p_pin_hash THEN
    RETURN NULL;  -- taken before: a replayed push
  ELSIF set_at IS NULL THEN
    problem := 'the time the PIN was set is not a time';
  ELSIF p_origin = 'enrolled' AND p_enrolment IS NULL THEN
    problem := 'the PIN was enrolled with a code of the station''s own (station enrol); '
      || 'central takes only its own codes (station central enrol)';
  ELSIF p_origin = 'enrolled' THEN
    SELECT * INTO e FROM central_enrolments WHERE id = p_enrolment AND badge = p_badge
      FOR UPDATE;
    IF NOT FOUND THEN
      problem := 'no enrolment code of this badge has that number';
    ELSIF e.used_at IS NOT NULL THEN
      problem := 'the enrolment code was already used (at ' || coalesce(e.used_by, '?') || ')';
    ELSIF e.withdrawn_at IS NOT NULL THEN
      problem := 'the enrolment code was replaced by a newer one';
    ELSIF p_proof IS DISTINCT FROM e.proof_hash THEN
      problem := 'the enrolment code does not match';
    ELSIF set_at > e.expires_at::timestamptz
      OR set_at < e.issued_at::timestamptz - interval '1 hour' THEN  -- a station's clock may lag
      problem := 'the enrolment code was not valid when the PIN was set';
    ELSE
      UPDATE central_enrolments SET used_at = now()::text, used_by = me WHERE id = e.id;
      INSERT INTO central_changes (kind, key, op, payload, changed_at) VALUES
        ('enrolment', e.id::text, 'delete', json_build_object('id', e.id, 'badge', p_badge)::text,
         now()::text);
    END IF;
  ELSIF p_origin IN ('chosen', 'reset') THEN
    IF u.role NOT IN ('clerk', 'counter') THEN
      problem := 'a supervisor''s or admin''s PIN is set only with an enrolment code';
    ELSIF p_origin = 'chosen' AND u.pin_hash IS NOT NULL THEN
      problem := 'central holds a PIN for this badge already; the station takes it at its next sync';
    END IF;
  ELSE
    problem := 'a PIN comes chosen, enrolled or reset, not ' || coalesce(p_origin, 'unsaid');
  END IF;
  IF problem IS NOT NULL THEN
    INSERT INTO central_alerts (key, kind, detail, raised_at) VALUES (
      'user.pin_refused:' || me || ':' || coalesce(p_badge, '') || ':'
        || coalesce(p_origin, '') || ':' || md5(coalesce(p_pin_hash, '')),
      'user.pin_refused',
      json_build_object('station', me, 'badge', p_badge, 'origin', p_origin,
        'problem', problem)::text,
      now()::text)
    ON CONFLICT DO NOTHING;
    RETURN problem;
  END IF;
  UPDATE users SET pin_hash = p_pin_hash, pin_origin = p_origin, pin_is_one_time = false
    WHERE badge = p_badge;
  INSERT INTO central_changes (kind, key, op, payload, changed_at) VALUES
    ('pin', p_badge, 'upsert',
     json_build_object('badge', p_badge, 'pin_hash', p_pin_hash, 'origin', p_origin,
       'station', me)::text,
     now()::text);
  RETURN NULL;
END $fn$
"""


def upgrade() -> None:
    op.create_table(
        "central_enrolments",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("badge", sa.String(64), nullable=False),
        sa.Column("proof_hash", sa.String(64), nullable=False),
        sa.Column("issued_at", sa.String(40), nullable=False),
        sa.Column("expires_at", sa.String(40), nullable=False),
        sa.Column("used_at", sa.String(40), nullable=True),
        sa.Column("used_by", sa.String(64), nullable=True),
        sa.Column("withdrawn_at", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_enrolments")),
    )
    op.create_index("ix_central_enrolments_badge", "central_enrolments", ["badge"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(SET_PIN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_set_pin(text, text, text, bigint, text, text)")
    op.drop_index("ix_central_enrolments_badge", table_name="central_enrolments")
    op.drop_table("central_enrolments")
