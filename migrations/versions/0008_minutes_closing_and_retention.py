"""the facilitator's name and the close of a table; a round's retention date and erasure

Revision ID: 0008
Revises: 0007

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facilitator_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('budget_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('budget_round', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('retention_until')
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('facilitator_name')
