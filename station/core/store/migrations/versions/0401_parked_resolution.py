"""sync: how a parked event was resolved

Revision ID: 0401
Revises: 0400
Create Date: 2026-12-02

``sync_parked.resolution``: what became of a parked event once ``resolved_at`` is written
(sent again under a new incarnation, found at central already, or settled by a supervisor).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0401"
down_revision = "0400"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_parked", sa.Column("resolution", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_parked") as batch:
        batch.drop_column("resolution")
