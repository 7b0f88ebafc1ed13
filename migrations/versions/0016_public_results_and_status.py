"""a round's public results page (its code, published or not) and the status history of funded options

Revision ID: 0016
Revises: 0015

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'round_publication',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('published', sa.Boolean(), nullable=False),
        sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['budget_round.id']),
        sa.PrimaryKeyConstraint('round_id'),
    )
    with op.batch_alter_table('round_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_publication_code'), ['code'], unique=True)

    op.create_table(
        'option_status_update',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('option_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('on_date', sa.Date(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=280), nullable=True),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['option_id'], ['option.id']),
        sa.ForeignKeyConstraint(['round_id'], ['budget_round.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('round_id', 'option_id', 'number', name='uq_option_status_number'),
    )
    with op.batch_alter_table('option_status_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_option_status_update_option_id'), ['option_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_option_status_update_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('option_status_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_option_status_update_round_id'))
        batch_op.drop_index(batch_op.f('ix_option_status_update_option_id'))
    op.drop_table('option_status_update')
    with op.batch_alter_table('round_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_publication_code'))
    op.drop_table('round_publication')
