"""labels: printed labels waiting to be read back, and what the reads found

Revision ID: 0601
Revises: 0600
Create Date: 2026-12-02

The ``label_checks`` table of station/core/label_printing/tables.py (generated, then
reviewed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0601"
down_revision = "0600"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "label_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("label_no", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=32), nullable=False),
        sa.Column("sscc", sa.String(length=18), nullable=True),
        sa.Column("expected", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="pending", nullable=False),
        sa.Column("reads", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_read", sa.Text(), server_default="", nullable=False),
        sa.Column("grade", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("done_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["label_jobs.id"], name=op.f("fk_label_checks_job_id_label_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_checks")),
    )
    op.create_index("ix_label_checks_status", "label_checks", ["status", "id"], unique=False)
    op.create_index("ix_label_checks_sscc", "label_checks", ["sscc"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_label_checks_sscc", table_name="label_checks")
    op.drop_index("ix_label_checks_status", table_name="label_checks")
    op.drop_table("label_checks")
