"""labels: number counters, the print queue and its history, printer profiles

Revision ID: 0600
Revises: 0001
Create Date: 2026-11-25

The tables of station/core/label_printing/tables.py (generated, then reviewed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0600"
down_revision = "0001"
branch_labels = ("labels",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "label_counters",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_label_counters")),
    )
    op.create_table(
        "label_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("printer_url", sa.String(length=300), nullable=False),
        sa.Column("copies", sa.Integer(), server_default="1", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="queued", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), server_default="", nullable=False),
        sa.Column("printed_at", sa.String(length=40), nullable=True),
        sa.Column("reprint_of", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=64), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["reprint_of"], ["label_jobs.id"], name=op.f("fk_label_jobs_reprint_of_label_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_label_jobs_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_jobs")),
    )
    op.create_index("ix_label_jobs_status", "label_jobs", ["status", "id"], unique=False)
    op.create_table(
        "label_printers",
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_label_printers")),
    )


def downgrade() -> None:
    op.drop_table("label_printers")
    op.drop_index("ix_label_jobs_status", table_name="label_jobs")
    op.drop_table("label_jobs")
    op.drop_table("label_counters")
