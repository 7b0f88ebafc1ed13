"""a time per phase for the timer, and the join QR code on the wall for latecomers

Revision ID: 0012
Revises: 0011

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase_timers_json', sqlmodel.sql.sqltypes.AutoString(length=400),
                                      nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('join_qr_shown', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('deliberation_table', schema=None) as batch_op:
        batch_op.drop_column('join_qr_shown')
        batch_op.drop_column('phase_timers_json')
