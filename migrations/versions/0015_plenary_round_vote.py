"""the plenary vote of a round: its ballot built from the tables' options, and one vote per person

Revision ID: 0015
Revises: 0014

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'round_ballot',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_id', sa.Integer(), sa.ForeignKey('budget_round.id'), nullable=False, unique=True),
        sa.Column('state', TEXT(length=10), nullable=False),
        sa.Column('ballot_form', TEXT(length=10), nullable=False),
        sa.Column('budget_cents', sa.Integer(), nullable=False),
        sa.Column('wall_token', TEXT(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('rule', TEXT(length=20), nullable=True),
        sa.Column('results', TEXT(), nullable=True),
        sa.Column('decision', TEXT(), nullable=True),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index('ix_round_ballot_wall_token', 'round_ballot', ['wall_token'], unique=True)
    op.create_table(
        'round_option',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_ballot_id', sa.Integer(), sa.ForeignKey('round_ballot.id'), nullable=False),
        sa.Column('title', TEXT(length=120), nullable=False),
        sa.Column('cost_cents', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('merged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index('ix_round_option_round_ballot_id', 'round_option', ['round_ballot_id'])
    op.create_table(
        'round_option_source',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_ballot_id', sa.Integer(), sa.ForeignKey('round_ballot.id'), nullable=False),
        sa.Column('option_id', sa.Integer(), sa.ForeignKey('option.id'), nullable=False),
        sa.Column('table_id', sa.Integer(), sa.ForeignKey('deliberation_table.id'), nullable=False),
        sa.Column('title', TEXT(length=120), nullable=False),
        sa.Column('cost_cents', sa.Integer(), nullable=False),
        sa.Column('round_option_id', sa.Integer(), sa.ForeignKey('round_option.id'), nullable=True),
        sa.Column('left_out_reason', TEXT(length=300), nullable=True),
        sa.UniqueConstraint('round_ballot_id', 'option_id', name='uq_round_option_source'),
    )
    op.create_index('ix_round_option_source_round_ballot_id', 'round_option_source', ['round_ballot_id'])
    op.create_index('ix_round_option_source_round_option_id', 'round_option_source', ['round_option_id'])
    op.create_table(
        'round_ballot_vote',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_ballot_id', sa.Integer(), sa.ForeignKey('round_ballot.id'), nullable=False),
        sa.Column('voter_key', TEXT(length=80), nullable=False),
        sa.Column('table_id', sa.Integer(), sa.ForeignKey('deliberation_table.id'), nullable=False),
        sa.Column('participant_id', sa.Integer(), sa.ForeignKey('participant.id'), nullable=True),
        sa.Column('paper_label', TEXT(length=60), nullable=True),
        sa.Column('content', TEXT(), nullable=False),
        sa.Column('cast_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint('round_ballot_id', 'voter_key', name='uq_round_vote_per_person'),
    )
    op.create_index('ix_round_ballot_vote_round_ballot_id', 'round_ballot_vote', ['round_ballot_id'])


def downgrade() -> None:
    op.drop_table('round_ballot_vote')
    op.drop_table('round_option_source')
    op.drop_table('round_option')
    op.drop_table('round_ballot')
