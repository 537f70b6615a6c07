"""Speed at volume: indexes for the case page's nearby reports and duplicates, the public
"is it the same thing?" look-up and the reports feed

Revision ID: d1c_case_feed
Revises: d1_volume

- report (lat, lon, category_id): reports within a few hundred metres of a point (the case
  page's "nearby", /rapporter/nara.json) are a narrow band of latitude, not a scan of a
  year of reports;
- report (duplicate_of_id), only where set: the case page's duplicates of this report;
- report (created_at), only routed, unassigned reports not started: the overview's
  "waiting" (its count and its oldest few);
- report_update (created_at, id), only the kinds the feed shows: the reports feed reads its
  newest lines from the index and stops after FEED_ITEMS.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d1c_case_feed"
down_revision = "d1_volume"
branch_labels = None
depends_on = None

FEED_KINDS = "kind IN ('published', 'status', 'reply')"
WAITING = "department_id IS NOT NULL AND assigned_to_id IS NULL AND status IN ('received', 'confirmed')"


def upgrade():
    op.create_index("ix_report_position", "report", ["lat", "lon", "category_id"])
    op.create_index("ix_report_duplicate_of", "report", ["duplicate_of_id"],
                    postgresql_where=sa.text("duplicate_of_id IS NOT NULL"),
                    sqlite_where=sa.text("duplicate_of_id IS NOT NULL"))
    op.create_index("ix_report_waiting", "report", ["created_at"],
                    postgresql_where=sa.text(WAITING), sqlite_where=sa.text(WAITING))
    op.create_index("ix_report_update_feed", "report_update", ["created_at", "id"],
                    postgresql_where=sa.text(FEED_KINDS), sqlite_where=sa.text(FEED_KINDS))


def downgrade():
    op.drop_index("ix_report_update_feed", table_name="report_update")
    op.drop_index("ix_report_waiting", table_name="report")
    op.drop_index("ix_report_duplicate_of", table_name="report")
    op.drop_index("ix_report_position", table_name="report")
