"""Indexes for the lägesbild: reports by time of receipt and of closing, latest change

Revision ID: 4f05ab590055
Revises: 662e4b2cf0dd
Create Date: 2026-11-25 06:00:49.194259

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '4f05ab590055'
down_revision = '662e4b2cf0dd'
branch_labels = None
depends_on = None


def upgrade():
    # Covers every column the lägesbild's counts and durations read, so that a period is
    # one index range scan (an index-only scan where the database can).
    op.create_index(
        'ix_report_lagesbild_created', 'report',
        ['created_at', 'category_id', 'status', 'lat', 'lon', 'department_id', 'responded_at',
         'closed_at'],
    )
    op.create_index('ix_report_lagesbild_closed', 'report', ['closed_at', 'status', 'created_at'])
    # MAX(updated_at) is part of the lägesbild cache's fingerprint.
    op.create_index('ix_report_updated_at', 'report', ['updated_at'])


def downgrade():
    op.drop_index('ix_report_updated_at', table_name='report')
    op.drop_index('ix_report_lagesbild_closed', table_name='report')
    op.drop_index('ix_report_lagesbild_created', table_name='report')
