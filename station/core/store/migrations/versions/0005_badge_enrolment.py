"""badges that cannot be borrowed: how each PIN came, enrolment codes, PINs waiting for central

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

``users.pin_origin`` says how a PIN came (``chosen`` at the first scan, ``enrolled`` with a
one-time code, ``reset`` after an admin's one-time PIN, ``issued`` while that one-time PIN is
pending). PINs set before this revision are marked ``chosen``: nobody can tell who chose
them, so a supervisor or admin enrols once more before approving anything.
``enrolments`` holds the enrolment codes (scrypt hashes) and ``pin_changes`` the PINs set here
that wait to go to central.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("pin_origin", sa.String(length=16), nullable=True))
    op.execute(
        "UPDATE users SET pin_origin = CASE WHEN pin_is_one_time THEN 'issued' ELSE 'chosen' END "
        "WHERE pin_hash IS NOT NULL"
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=200), nullable=False),
        sa.Column("proof_salt", sa.String(length=64), nullable=True),
        sa.Column("expires_at", sa.String(length=40), nullable=False),
        sa.Column("central_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint("central_id", name=op.f("uq_enrolments_central_id")),
    )
    op.create_index(op.f("ix_enrolments_badge"), "enrolments", ["badge"], unique=False)
    op.create_table(
        "pin_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=True),
        sa.Column("proof", sa.String(length=64), nullable=True),
        sa.Column("set_at", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.String(length=40), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pin_changes")),
    )


def downgrade() -> None:
    op.drop_table("pin_changes")
    op.drop_index(op.f("ix_enrolments_badge"), table_name="enrolments")
    op.drop_table("enrolments")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("pin_origin")
