"""The nearby reports (the case page, /rapporter/nara.json) from the position index alone:
it now also holds what those searches filter on (received, published, hidden; the id on
PostgreSQL, which SQLite keeps in every index), so the thousands of reports within reach of
a busy place are not each read from the table (issue 12).

Revision ID: i23_nearby_index
Revises: i22_audit_tally
"""
from alembic import op

revision = "i23_nearby_index"
down_revision = "i22_audit_tally"
branch_labels = None
depends_on = None

COLUMNS = ["lat", "lon", "category_id", "created_at", "is_published", "is_hidden"]


def upgrade():
    op.drop_index("ix_report_position", table_name="report")
    op.create_index("ix_report_position", "report", COLUMNS, postgresql_include=["id"])


def downgrade():
    op.drop_index("ix_report_position", table_name="report")
    op.create_index("ix_report_position", "report", ["lat", "lon", "category_id"])
