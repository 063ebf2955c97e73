"""sync: push position, pull cursors, parked events, alarms, status

Revision ID: 0400
Revises: 0001
Create Date: 2026-11-25

Tables of station/core/store/tables/sync_state.py (the sync area's own branch).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0400"
down_revision = "0001"
branch_labels = ("sync",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_push_position",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("incarnation_id", sa.String(length=36), nullable=False),
        sa.Column("acked_seq", sa.Integer(), nullable=False),
        sa.Column("acked_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "incarnation_id", name=op.f("pk_sync_push_position")),
    )
    op.create_table(
        "sync_cursor",
        sa.Column("stream", sa.String(length=32), nullable=False),
        sa.Column("position", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("stream", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "sync_parked",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("incarnation_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("parked_at", sa.String(length=40), nullable=False),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_parked")),
        sa.UniqueConstraint("uuid", name="uq_sync_parked_uuid"),
    )
    op.create_table(
        "sync_alarms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("raised_at", sa.String(length=40), nullable=False),
        sa.Column("acknowledged_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_alarms")),
        sa.UniqueConstraint("key", name="uq_sync_alarms_key"),
    )
    op.create_table(
        "sync_status",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_status")),
    )


def downgrade() -> None:
    op.drop_table("sync_status")
    op.drop_table("sync_alarms")
    op.drop_table("sync_parked")
    op.drop_table("sync_cursor")
    op.drop_table("sync_push_position")
