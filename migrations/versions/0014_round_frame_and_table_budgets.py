"""the round's own frame (goals, conditions, its counting rule, how the tables' work is
combined) and each table's share of the round budget under table budgets

A round without a frame row combines as before: each table on its own, on the whole
round budget.

Revision ID: 0014
Revises: 0013

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('round_frame',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('goals', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('conditions', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('combination', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['budget_round.id'], ),
    sa.PrimaryKeyConstraint('round_id')
    )
    op.create_table('round_table_share',
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('budget_cents', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['budget_round.id'], ),
    sa.ForeignKeyConstraint(['table_id'], ['deliberation_table.id'], ),
    sa.PrimaryKeyConstraint('table_id')
    )
    with op.batch_alter_table('round_table_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_table_share_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('round_table_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_table_share_round_id'))
    op.drop_table('round_table_share')
    op.drop_table('round_frame')
