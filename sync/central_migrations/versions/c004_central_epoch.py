"""the central epoch: which server and timeline central's rows were written on

Revision ID: c004
Revises: c003
Create Date: 2026-12-01

On PostgreSQL adds ``central_cluster()``: the cluster's system identifier and timeline
(``pg_control_system()``, ``pg_control_checkpoint()``), or NULL when the owner may not read
them. ``station central init`` records it with a new epoch id in ``central_meta``; see
:mod:`sync.central_epoch`.
"""

from __future__ import annotations

from alembic import op

revision = "c004"
down_revision = "c003"
branch_labels = None
depends_on = None

CLUSTER = """
CREATE FUNCTION central_cluster() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  RETURN (SELECT system_identifier::text FROM pg_control_system()) || '/'
    || (SELECT timeline_id::text FROM pg_control_checkpoint());
EXCEPTION WHEN insufficient_privilege THEN
  RETURN NULL;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CLUSTER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION central_cluster()")
