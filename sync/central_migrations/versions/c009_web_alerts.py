"""central alerts for the web view's admins

Revision ID: c009
Revises: c008
Create Date: 2026-12-02

``central_web_alerts()``: the rows of ``central_alerts``, newest first, when the session's web
user (``app.user_id``, see c007) is an active admin, and none otherwise. The web role gets no
SELECT on ``central_alerts`` itself (stations write there; nothing in it belongs to an owner
or can yet be tied to a manager's warehouses), only EXECUTE on this function, which is revoked
from PUBLIC. Web roles granted before this revision (they hold EXECUTE on the log-in function)
get it here; ``station central web-grant`` grants it from now on.
"""

from __future__ import annotations

from alembic import op

revision = "c009"
down_revision = "c008"
branch_labels = None
depends_on = None

ALERTS = """
CREATE FUNCTION central_web_alerts(most integer)
RETURNS TABLE (key text, kind text, detail text, raised_at text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.key::text, a.kind::text, a.detail, a.raised_at::text FROM central_alerts a
  WHERE (SELECT central_web_role()) = 'admin'
  ORDER BY a.raised_at DESC, a.key
  LIMIT greatest(least(most, 5000), 0)
$$
"""

GRANT_EXISTING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT rolname FROM pg_roles
    WHERE NOT rolsuper AND rolname <> current_user AND rolname NOT LIKE 'pg\\_%'
      AND has_function_privilege(oid, 'central_web_login_row(text)', 'EXECUTE')
  LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION central_web_alerts(integer) TO %I', r.rolname);
  END LOOP;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the web view runs on a PostgreSQL central only
    op.execute(ALERTS)
    op.execute("REVOKE EXECUTE ON FUNCTION central_web_alerts(integer) FROM PUBLIC")
    op.execute(GRANT_EXISTING)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_web_alerts(integer)")
