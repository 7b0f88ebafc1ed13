"""the frame agreed by the table: frame consent rounds, their answers (phone or paper),
phones' suggestions, the agreed round of a table's frame; paper answers in Besluiten

Revision ID: 0013
Revises: 0012

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('frame_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('goals', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('roles', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('conditions', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('ballot_form', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('consensus_rule', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('tally', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=True),
    sa.ForeignKeyConstraint(['table_id'], ['deliberation_table.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('table_id', 'number', name='uq_frame_round_number')
    )
    with op.batch_alter_table('frame_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frame_round_table_id'), ['table_id'], unique=False)

    op.create_table('frame_signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('paper_label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('given_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['frame_round.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'participant_id', name='uq_frame_signal_per_participant'),
    sa.UniqueConstraint('round_id', 'paper_label', name='uq_frame_signal_per_paper_label')
    )
    with op.batch_alter_table('frame_signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frame_signal_round_id'), ['round_id'], unique=False)

    op.create_table('frame_suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('suggested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['table_id'], ['deliberation_table.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('frame_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frame_suggestion_table_id'), ['table_id'], unique=False)

    # A frame recorded before tables agreed theirs has no agreed round: it still governs.
    with op.batch_alter_table('table_frame', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agreed_round_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_table_frame_agreed_round_id', 'frame_round', ['agreed_round_id'], ['id'])

    # Paper answers in Besluiten: a signal is a phone's or a label's.
    with op.batch_alter_table('consensus_signal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paper_label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True))
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint('uq_signal_per_paper_label', ['round_id', 'paper_label'])


def downgrade() -> None:
    op.execute("DELETE FROM consensus_signal WHERE participant_id IS NULL")
    with op.batch_alter_table('consensus_signal', schema=None) as batch_op:
        batch_op.drop_constraint('uq_signal_per_paper_label', type_='unique')
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('paper_label')
    with op.batch_alter_table('table_frame', schema=None) as batch_op:
        batch_op.drop_constraint('fk_table_frame_agreed_round_id', type_='foreignkey')
        batch_op.drop_column('agreed_round_id')
    for table in ('frame_suggestion', 'frame_signal', 'frame_round'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_table_id' if table != 'frame_signal' else 'ix_frame_signal_round_id'))
        op.drop_table(table)
