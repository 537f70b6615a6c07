"""ix_report_lagesbild_closed holds only the closed reports. The open ones all share one
NULL, which SQLite's statistics count as a single row: it then chose this index for the
lägesbild's "closed_at IS NULL" over the partial ix_report_unclosed, and read each of the
open reports from the table (80 ms at a million reports). Both databases still use it for
ranges of closing times, which imply "IS NOT NULL"; issue 12.

Revision ID: i27_closed_index
Revises: i26_resident_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "i27_closed_index"
down_revision = "i26_resident_indexes"
branch_labels = None
depends_on = None

COLUMNS = ["closed_at", "status", "created_at"]


def upgrade():
    op.drop_index("ix_report_lagesbild_closed", table_name="report")
    closed = sa.text("closed_at IS NOT NULL")
    op.create_index("ix_report_lagesbild_closed", "report", COLUMNS, postgresql_where=closed, sqlite_where=closed)


def downgrade():
    op.drop_index("ix_report_lagesbild_closed", table_name="report")
    op.create_index("ix_report_lagesbild_closed", "report", COLUMNS)
