"""pre-moderation per table, and merges recorded so they can be undone

Revision ID: 0010
Revises: 0009

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing tables and arguments go on as before: no table pre-moderates, nothing waits.
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('premoderation', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('argument', schema=None) as batch_op:
        batch_op.add_column(sa.Column('awaiting_approval', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('argument_merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('moved_reactions', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('dropped_reactions', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('followed', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['argument.id'], ),
    sa.ForeignKeyConstraint(['table_id'], ['deliberation_table.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['argument.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('argument_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_argument_merge_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_argument_merge_table_id'), ['table_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('argument_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_argument_merge_table_id'))
        batch_op.drop_index(batch_op.f('ix_argument_merge_source_id'))
    op.drop_table('argument_merge')
    with op.batch_alter_table('argument', schema=None) as batch_op:
        batch_op.drop_column('awaiting_approval')
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.drop_column('premoderation')
