"""the files imported into central, by content hash

Revision ID: c006
Revises: c005
Create Date: 2026-12-02

``central_imports``: each file ``station central import`` took (kind, SHA-256 of its bytes,
name, rows, changes, time), so the same file imported again changes nothing and says when it
was first taken.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c006"
down_revision = "c005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_imports",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("file_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("kind", "file_hash", name=op.f("pk_central_imports")),
    )


def downgrade() -> None:
    op.drop_table("central_imports")
