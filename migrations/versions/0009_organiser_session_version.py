"""an organiser's session version: logging out ends every copy of the login cookie

Revision ID: 0009
Revises: 0008

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('organiser', schema=None) as batch_op:
        batch_op.drop_column('session_version')
