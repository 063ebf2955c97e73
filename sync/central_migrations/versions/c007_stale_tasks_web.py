"""central stale-stock tasks, their outcomes and comments, and the web view's users

Revision ID: c007
Revises: c006
Create Date: 2026-12-02

Tables of :mod:`sync.central_web_schema` (``central_stock_months``: the ledger summed per
warehouse and month by ``station central derive``, which the dashboard reads). On
PostgreSQL also: row-level security on the tasks,
outcomes and comments (a web user sees an owner's own tasks, a manager's warehouses, an admin
everything; the user is the session's ``app.user_id``, set per request by the web view), the
log-in functions (the web role never reads password hashes or lock state directly) and the
triggers that reconcile an outcome with the ledger, close its task and log it as a
``stale_outcome`` change that stations pull. See docs/central_web.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c007"
down_revision = "c006"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

FUNCTIONS = [
    # the logged-in web user of this transaction (set by the web view), or NULL
    """
CREATE FUNCTION central_web_user() RETURNS integer LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::integer $$
""",
    # what the logged-in web user is: their role, the owner they answer for, their warehouses
    # (policies call these once per statement, as InitPlans: ``(SELECT f())``)
    """
CREATE FUNCTION central_web_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT role FROM central_web_users WHERE id = central_web_user() AND active = 1
$$
""",
    """
CREATE FUNCTION central_web_owner() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT nullif(owner_name, '') FROM central_web_users
  WHERE id = central_web_user() AND active = 1 AND role = 'owner'
$$
""",
    """
CREATE FUNCTION central_web_warehouses() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(array_agg(w.warehouse), '{}') FROM central_web_user_warehouses w
  JOIN central_web_users u ON u.id = w.user_id
  WHERE u.id = central_web_user() AND u.active = 1 AND u.role = 'manager'
$$
""",
    # a login's id, password hash, and whether it is locked now (for the log-in page only)
    """
CREATE FUNCTION central_web_login_row(wanted text)
RETURNS TABLE (user_id integer, password_hash text, locked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id, password_hash, coalesce(locked_until > now(), false)
  FROM central_web_users WHERE login = wanted AND active = 1
$$
""",
    # count a failed log-in (five in a row lock the login for 15 minutes) or clear the count
    """
CREATE FUNCTION central_web_login_result(who integer, ok boolean) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE failures integer;
BEGIN
  IF ok THEN
    UPDATE central_web_users SET failed_logins = 0, locked_until = NULL WHERE id = who;
    RETURN false;
  END IF;
  UPDATE central_web_users SET failed_logins = failed_logins + 1 WHERE id = who
    RETURNING failed_logins INTO failures;
  IF failures >= 5 THEN
    UPDATE central_web_users SET failed_logins = 0, locked_until = now() + interval '15 minutes'
      WHERE id = who;
    RETURN true;
  END IF;
  RETURN false;
END $$
""",
    # reconcile an outcome with the ledger before it is stored
    """
CREATE FUNCTION central_outcome_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE t central_stale_tasks%ROWTYPE; moved numeric; cost numeric;
BEGIN
  SELECT * INTO t FROM central_stale_tasks WHERE id = NEW.task_id;
  IF NOT FOUND THEN RAISE EXCEPTION 'no such task' USING ERRCODE = '42501'; END IF;
  IF t.status <> 'open' THEN
    RAISE EXCEPTION 'the task already has an outcome' USING ERRCODE = '23514';
  END IF;
  NEW.recorded_at := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
  IF NEW.action = 'keep' THEN
    IF coalesce(btrim(NEW.reason), '') = '' OR NEW.movement_uuid IS NOT NULL THEN
      RAISE EXCEPTION 'keeping the stock needs a reason and no movement' USING ERRCODE = '23514';
    END IF;
    NEW.released := 0;
    RETURN NEW;
  END IF;
  SELECT -(payload::jsonb->>'qty')::numeric, (payload::jsonb->>'unit_cost')::numeric
    INTO moved, cost FROM central_events
    WHERE kind = 'movement' AND payload::jsonb->>'uuid' = NEW.movement_uuid
      AND payload::jsonb->>'item_sku' = t.sku
      AND coalesce(payload::jsonb->>'lot_no', '') = t.lot_no
      AND (t.location = '' OR payload::jsonb->>'location_code' = t.location);
  IF moved IS NULL OR moved <= 0 THEN
    RAISE EXCEPTION 'the outcome names no movement out of this lot' USING ERRCODE = '23514';
  END IF;
  IF NEW.qty <= 0 OR NEW.qty > moved THEN
    RAISE EXCEPTION 'the quantity is more than the movement took out' USING ERRCODE = '23514';
  END IF;
  NEW.released := CASE WHEN NEW.action = 'transferred' THEN 0
                       ELSE NEW.qty * coalesce(cost, t.unit_cost) END;
  RETURN NEW;
END $$
""",
    # close the task and tell the stations (a stale_outcome change)
    """
CREATE FUNCTION central_outcome_close() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE t central_stale_tasks%ROWTYPE; who text;
BEGIN
  UPDATE central_stale_tasks SET status = 'done', closed_at = NEW.recorded_at
    WHERE id = NEW.task_id RETURNING * INTO t;
  SELECT name INTO who FROM central_web_users WHERE id = NEW.recorded_by;
  INSERT INTO central_changes (kind, key, op, payload, changed_at) VALUES (
    'stale_outcome', t.key, 'upsert',
    jsonb_build_object('key', t.key, 'kind', t.kind, 'sku', t.sku,
      'lot_no', nullif(t.lot_no, ''), 'location', nullif(t.location, ''),
      'action', NEW.action, 'qty', NEW.qty::text, 'released', NEW.released::text,
      'reason', NEW.reason, 'by', coalesce(who, ''), 'at', NEW.recorded_at)::text,
    NEW.recorded_at);
  RETURN NEW;
END $$
""",
]

POLICIES = [
    "CREATE POLICY tasks_seen ON central_stale_tasks FOR SELECT USING ("
    "(SELECT central_web_role()) = 'admin' OR owner = (SELECT central_web_owner()) "
    "OR warehouse IN (SELECT unnest(central_web_warehouses())))",
    "CREATE POLICY outcomes_seen ON central_task_outcomes FOR SELECT "
    "USING (EXISTS (SELECT 1 FROM central_stale_tasks t WHERE t.id = task_id))",
    "CREATE POLICY outcomes_own ON central_task_outcomes FOR INSERT WITH CHECK "
    "(recorded_by = central_web_user() "
    "AND EXISTS (SELECT 1 FROM central_stale_tasks t WHERE t.id = task_id))",
    "CREATE POLICY digests_admin ON central_digests FOR SELECT "
    "USING ((SELECT central_web_role()) = 'admin')",
    "CREATE POLICY comments_seen ON central_task_comments FOR SELECT "
    "USING (EXISTS (SELECT 1 FROM central_stale_tasks t WHERE t.id = task_id))",
    "CREATE POLICY comments_own ON central_task_comments FOR INSERT WITH CHECK "
    "(user_id = central_web_user() "
    "AND EXISTS (SELECT 1 FROM central_stale_tasks t WHERE t.id = task_id))",
]


def upgrade() -> None:
    op.create_table(
        "central_web_users",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("owner_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("lang", sa.String(8), nullable=False, server_default="en"),
        sa.Column("email", sa.String(200), nullable=False, server_default=""),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_web_users")),
        sa.UniqueConstraint("login", name=op.f("uq_central_web_users_login")),
    )
    op.create_table(
        "central_web_user_warehouses",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("warehouse", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["central_web_users.id"],
            name=op.f("fk_central_web_user_warehouses_user_id_central_web_users"),
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "warehouse", name=op.f("pk_central_web_user_warehouses")
        ),
    )
    op.create_table(
        "central_stale_tasks",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("category", sa.String(100), nullable=False, server_default=""),
        sa.Column("lot_no", sa.String(64), nullable=False, server_default=""),
        sa.Column("location", sa.String(64), nullable=False, server_default=""),
        sa.Column("warehouse", sa.String(100), nullable=False, server_default=""),
        sa.Column("owner", sa.String(100), nullable=False, server_default=""),
        sa.Column("qty", sa.Numeric(), nullable=False),
        sa.Column("unit_cost", sa.Numeric(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=False),
        sa.Column("age_days", sa.Integer(), nullable=False),
        sa.Column("expiry", sa.String(10), nullable=True),
        sa.Column("due_date", sa.String(10), nullable=False),
        sa.Column("raised_at", sa.String(40), nullable=False),
        sa.Column("status", sa.String(8), nullable=False, server_default="open"),
        sa.Column("closed_at", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_stale_tasks")),
        sa.UniqueConstraint("key", name=op.f("uq_central_stale_tasks_key")),
    )
    op.create_index("ix_central_stale_tasks_owner", "central_stale_tasks", ["owner", "status"])
    op.create_index("ix_central_stale_tasks_warehouse", "central_stale_tasks", ["warehouse"])
    op.create_table(
        "central_task_outcomes",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("qty", sa.Numeric(), nullable=False),
        sa.Column("released", sa.Numeric(), nullable=False, server_default="0"),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("movement_uuid", sa.String(36), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False, server_default=""),
        sa.CheckConstraint(
            "action IN ('sold', 'used', 'returned', 'transferred', 'scrapped', 'keep')",
            name=op.f("ck_central_task_outcomes_action"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["central_stale_tasks.id"],
            name=op.f("fk_central_task_outcomes_task_id_central_stale_tasks"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["central_web_users.id"],
            name=op.f("fk_central_task_outcomes_recorded_by_central_web_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_task_outcomes")),
        sa.UniqueConstraint("task_id", name=op.f("uq_central_task_outcomes_task_id")),
        sa.UniqueConstraint("movement_uuid", name=op.f("uq_central_task_outcomes_movement_uuid")),
    )
    op.create_table(
        "central_stock_months",
        sa.Column("warehouse", sa.String(100), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("value_change", sa.Numeric(), nullable=False),
        sa.Column("corrections", sa.Integer(), nullable=False),
        sa.Column("variance", sa.Numeric(), nullable=False),
        sa.PrimaryKeyConstraint("warehouse", "month", name=op.f("pk_central_stock_months")),
    )
    op.create_table(
        "central_digests",
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("target", "day", name=op.f("pk_central_digests")),
    )
    op.create_table(
        "central_task_comments",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["central_stale_tasks.id"],
            name=op.f("fk_central_task_comments_task_id_central_stale_tasks"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["central_web_users.id"],
            name=op.f("fk_central_task_comments_user_id_central_web_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_task_comments")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgres_extras()


def _postgres_extras() -> None:
    for statement in FUNCTIONS:
        op.execute(statement)
    op.execute(
        "CREATE TRIGGER central_outcome_check BEFORE INSERT ON central_task_outcomes "
        "FOR EACH ROW EXECUTE FUNCTION central_outcome_check()"
    )
    op.execute(
        "CREATE TRIGGER central_outcome_close AFTER INSERT ON central_task_outcomes "
        "FOR EACH ROW EXECUTE FUNCTION central_outcome_close()"
    )
    op.execute(
        "CREATE TRIGGER central_outcomes_append_only BEFORE UPDATE OR DELETE "
        "ON central_task_outcomes FOR EACH ROW EXECUTE FUNCTION central_refuse_change()"
    )
    # functions are executable by PUBLIC by default: only the web role gets the log-in ones
    op.execute(
        "REVOKE EXECUTE ON FUNCTION central_web_login_row(text), "
        "central_web_login_result(integer, boolean) FROM PUBLIC"
    )
    for statement in POLICIES:
        op.execute(statement)
    # ENABLE, not FORCE: the owner (init, derive) works on every row; the web role is bound.
    for table in (
        "central_stale_tasks",
        "central_task_outcomes",
        "central_task_comments",
        "central_digests",
    ):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def downgrade() -> None:
    for table in (
        "central_task_comments",
        "central_digests",
        "central_stock_months",
        "central_task_outcomes",
        "central_stale_tasks",
        "central_web_user_warehouses",
        "central_web_users",
    ):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        for function in (
            "central_outcome_close()",
            "central_outcome_check()",
            "central_web_login_result(integer, boolean)",
            "central_web_login_row(text)",
            "central_web_warehouses()",
            "central_web_owner()",
            "central_web_role()",
            "central_web_user()",
        ):
            op.execute(f"DROP FUNCTION {function}")
