"""stale stock: follow-up tasks from alerts; movements by UTC time

Revision ID: 0500
Revises: 0001
Create Date: 2026-11-25

The tables of station/core/stale_stock/tables.py (generated, then reviewed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import station.core.store.types

revision = "0500"
down_revision = "0001"
branch_labels = ("stale_stock",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stale_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("owner", sa.String(length=100), server_default="", nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="open", nullable=False),
        sa.Column("qty", station.core.store.types.ExactDecimal(length=40), nullable=False),
        sa.Column("value", station.core.store.types.ExactDecimal(length=40), nullable=False),
        sa.Column("detail", sa.String(length=200), server_default="", nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("closed_at", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_stale_tasks_closed_by_users")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_stale_tasks_item_id_items")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stale_tasks_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_stale_tasks_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stale_tasks")),
    )
    op.create_index("ix_stale_tasks_key", "stale_tasks", ["key"], unique=False)
    op.create_index("ix_stale_tasks_status", "stale_tasks", ["status"], unique=False)
    op.create_index("ix_movements_ts_utc", "movements", ["ts_utc"], unique=False)
    op.create_index(
        "ix_movements_kind_item_ts",
        "movements",
        ["kind", "item_id", "ts_utc"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_movements_kind_item_ts", table_name="movements")
    op.drop_index("ix_movements_ts_utc", table_name="movements")
    op.drop_index("ix_stale_tasks_status", table_name="stale_tasks")
    op.drop_index("ix_stale_tasks_key", table_name="stale_tasks")
    op.drop_table("stale_tasks")
