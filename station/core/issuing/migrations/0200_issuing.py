"""issuing: issue runs (the lock on an order) and issue line versions

Revision ID: 0200
Revises: 0001
Create Date: 2026-11-25

Written from station/core/issuing/tables.py (as autogenerate renders it), then reviewed.
Branch ``issuing``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import station.core.store.types


revision = '0200'
down_revision = '0001'
branch_labels = ('issuing',)
depends_on = None


def upgrade() -> None:
    op.create_table('issue_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('picker_id', sa.Integer(), nullable=False),
    sa.Column('checker_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rounds', sa.Integer(), server_default='0', nullable=False),
    sa.Column('started_at', sa.String(length=40), nullable=False),
    sa.Column('locked_at', sa.String(length=40), nullable=True),
    sa.Column('check_started_at', sa.String(length=40), nullable=True),
    sa.Column('checked_at', sa.String(length=40), nullable=True),
    sa.Column('posted_at', sa.String(length=40), nullable=True),
    sa.Column('cancelled_at', sa.String(length=40), nullable=True),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.CheckConstraint("status IN ('picking','locked','checking','posted','cancelled')", name=op.f('ck_issue_runs_status')),
    sa.ForeignKeyConstraint(['checker_id'], ['users.id'], name=op.f('fk_issue_runs_checker_id_users')),
    sa.ForeignKeyConstraint(['order_id'], ['issue_orders.id'], name=op.f('fk_issue_runs_order_id_issue_orders')),
    sa.ForeignKeyConstraint(['picker_id'], ['users.id'], name=op.f('fk_issue_runs_picker_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issue_runs'))
    )
    with op.batch_alter_table('issue_runs', schema=None) as batch_op:
        batch_op.create_index('ix_issue_runs_order', ['order_id', 'status'], unique=False)

    op.create_table('issue_line_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('lot_no', sa.String(length=40), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('short_reason', sa.String(length=200), server_default='', nullable=False),
    sa.Column('outcome', sa.String(length=16), server_default='', nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=True),
    sa.Column('ts', sa.String(length=40), nullable=False),
    sa.CheckConstraint("role IN ('pick','check','post')", name=op.f('ck_issue_line_versions_role')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_issue_line_versions_item_id_items')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_issue_line_versions_location_id_locations')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_issue_line_versions_lot_id_lots')),
    sa.ForeignKeyConstraint(['movement_id'], ['movements.id'], name=op.f('fk_issue_line_versions_movement_id_movements')),
    sa.ForeignKeyConstraint(['run_id'], ['issue_runs.id'], name=op.f('fk_issue_line_versions_run_id_issue_runs')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_issue_line_versions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issue_line_versions'))
    )
    with op.batch_alter_table('issue_line_versions', schema=None) as batch_op:
        batch_op.create_index('uq_issue_line_versions_key', ['run_id', 'line_no', 'round', 'role'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('issue_line_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_issue_line_versions_key')

    op.drop_table('issue_line_versions')
    with op.batch_alter_table('issue_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_issue_runs_order')

    op.drop_table('issue_runs')
