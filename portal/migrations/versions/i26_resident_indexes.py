"""Indexes for the lägesbild's residents' figures: "me too" votes by when they were cast,
"is it still fixed?" answers by when they were given. Without them SQLite visited every
report of a category (or all of them) and looked each up in the votes or answers (90 ms
at a million reports, with no answers at all); issue 12.

Revision ID: i26_resident_indexes
Revises: i25_week_counts
"""
from alembic import op

revision = "i26_resident_indexes"
down_revision = "i25_week_counts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_me_too_created_at", "me_too", ["created_at", "report_id"])
    op.create_index("ix_fixed_survey_answered_at", "fixed_survey", ["answered_at", "stayed_fixed"])


def downgrade():
    op.drop_index("ix_fixed_survey_answered_at", table_name="fixed_survey")
    op.drop_index("ix_me_too_created_at", table_name="me_too")
