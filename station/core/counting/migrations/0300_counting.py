"""counting: sessions, book snapshots, lines, variances, decisions, recounts, batches

Revision ID: 0300
Revises: 0001
Create Date: 2026-11-25

The tables of station/core/counting/tables.py (generated, then reviewed).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import station.core.store.types

revision = "0300"
down_revision = "0001"
branch_labels = ("counting",)
depends_on = None


def upgrade() -> None:
    op.create_table('count_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('device_url', sa.String(length=300), server_default='', nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('understood', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['count_tasks.id'], name=op.f('fk_count_batches_task_id_count_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_batches_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_batches'))
    )
    op.create_table('count_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('device_url', sa.String(length=300), server_default='', nullable=False),
    sa.Column('source', sa.String(length=16), server_default='live', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('started_at', sa.String(length=40), nullable=False),
    sa.Column('closed_at', sa.String(length=40), nullable=True),
    sa.Column('ledger_mark', sa.Integer(), nullable=False),
    sa.Column('close_mark', sa.Integer(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['count_batches.id'], name=op.f('fk_count_sessions_batch_id_count_batches')),
    sa.ForeignKeyConstraint(['counter_id'], ['users.id'], name=op.f('fk_count_sessions_counter_id_users')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_count_sessions_location_id_locations')),
    sa.ForeignKeyConstraint(['task_id'], ['count_tasks.id'], name=op.f('fk_count_sessions_task_id_count_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_sessions'))
    )
    op.create_index(op.f('ix_count_sessions_location_id'), 'count_sessions', ['location_id'], unique=False)
    op.create_index(op.f('ix_count_sessions_task_id'), 'count_sessions', ['task_id'], unique=False)
    op.create_table('count_book',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_count_book_item_id_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_count_book_lot_id_lots')),
    sa.ForeignKeyConstraint(['session_id'], ['count_sessions.id'], name=op.f('fk_count_book_session_id_count_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_book'))
    )
    op.create_index(op.f('ix_count_book_session_id'), 'count_book', ['session_id'], unique=False)
    op.create_table('count_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('epc', sa.String(length=124), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('device_url', sa.String(length=300), server_default='', nullable=False),
    sa.Column('counted_at', sa.String(length=40), nullable=False),
    sa.Column('ledger_mark', sa.Integer(), nullable=False),
    sa.Column('voided', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_count_lines_item_id_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_count_lines_lot_id_lots')),
    sa.ForeignKeyConstraint(['session_id'], ['count_sessions.id'], name=op.f('fk_count_lines_session_id_count_sessions')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_lines_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_lines'))
    )
    op.create_index(op.f('ix_count_lines_session_id'), 'count_lines', ['session_id'], unique=False)
    op.create_table('count_variances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('lots_counted', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('book_qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('moved_qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('counted_qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('variance_qty', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('unit_cost', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('value', station.core.store.types.ExactDecimal(length=40), nullable=False),
    sa.Column('abc_class', sa.String(length=1), nullable=True),
    sa.Column('within_tolerance', sa.Boolean(), nullable=False),
    sa.Column('moved_during_count', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('recount_of', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('created_utc', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['users.id'], name=op.f('fk_count_variances_counter_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_count_variances_item_id_items')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_count_variances_location_id_locations')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_count_variances_lot_id_lots')),
    sa.ForeignKeyConstraint(['recount_of'], ['count_variances.id'], name=op.f('fk_count_variances_recount_of_count_variances')),
    sa.ForeignKeyConstraint(['session_id'], ['count_sessions.id'], name=op.f('fk_count_variances_session_id_count_sessions')),
    sa.ForeignKeyConstraint(['task_id'], ['count_tasks.id'], name=op.f('fk_count_variances_task_id_count_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_variances'))
    )
    op.create_index(op.f('ix_count_variances_session_id'), 'count_variances', ['session_id'], unique=False)
    op.create_index('ix_count_variances_status', 'count_variances', ['status'], unique=False)
    op.create_index(op.f('ix_count_variances_task_id'), 'count_variances', ['task_id'], unique=False)
    op.create_table('count_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variance_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=64), server_default='', nullable=False),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('movement_ids', sa.Text(), server_default='[]', nullable=False),
    sa.Column('recount_task_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['recount_task_id'], ['count_tasks.id'], name=op.f('fk_count_decisions_recount_task_id_count_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_decisions_user_id_users')),
    sa.ForeignKeyConstraint(['variance_id'], ['count_variances.id'], name=op.f('fk_count_decisions_variance_id_count_variances')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_decisions'))
    )
    op.create_index(op.f('ix_count_decisions_variance_id'), 'count_decisions', ['variance_id'], unique=False)
    op.create_table('count_recounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('variance_id', sa.Integer(), nullable=False),
    sa.Column('first_counter_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['first_counter_id'], ['users.id'], name=op.f('fk_count_recounts_first_counter_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['count_tasks.id'], name=op.f('fk_count_recounts_task_id_count_tasks')),
    sa.ForeignKeyConstraint(['variance_id'], ['count_variances.id'], name=op.f('fk_count_recounts_variance_id_count_variances')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_recounts')),
    sa.UniqueConstraint('task_id', name=op.f('uq_count_recounts_task_id'))
    )


def downgrade() -> None:
    op.drop_table('count_recounts')
    op.drop_index(op.f('ix_count_decisions_variance_id'), table_name='count_decisions')
    op.drop_table('count_decisions')
    op.drop_index(op.f('ix_count_variances_task_id'), table_name='count_variances')
    op.drop_index('ix_count_variances_status', table_name='count_variances')
    op.drop_index(op.f('ix_count_variances_session_id'), table_name='count_variances')
    op.drop_table('count_variances')
    op.drop_index(op.f('ix_count_lines_session_id'), table_name='count_lines')
    op.drop_table('count_lines')
    op.drop_index(op.f('ix_count_book_session_id'), table_name='count_book')
    op.drop_table('count_book')
    op.drop_index(op.f('ix_count_sessions_task_id'), table_name='count_sessions')
    op.drop_index(op.f('ix_count_sessions_location_id'), table_name='count_sessions')
    op.drop_table('count_sessions')
    op.drop_table('count_batches')
