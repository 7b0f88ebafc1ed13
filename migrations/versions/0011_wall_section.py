"""the page of the closing summary and draft minutes the wall shows in Afgerond

Revision ID: 0011
Revises: 0010

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_section', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.drop_column('wall_section')
