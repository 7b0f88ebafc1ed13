"""a seat taken by a browser that already sat at another table of the round names its first seat there

Revision ID: 0017
Revises: 0016

"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch: SQLite (3.35 and later) adds and drops a plain column in
# place, while a batch would copy `participant` and drop the old one, which every row that
# points at a participant forbids.
def upgrade() -> None:
    op.add_column('participant', sa.Column('same_person_as', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('participant', 'same_person_as')
