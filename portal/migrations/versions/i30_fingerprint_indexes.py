"""Indexes for the lägesbild's walk fingerprint, read on every view of both lägesbild
pages: the latest change of a walk slot, walk report and guard shift. Without them each
maximum read its whole table (5,000 slots and 3,800 walk reports: 1.5 ms a view, growing
with the years); issue 12.

Revision ID: i30_fingerprint_indexes
Revises: i29_cells_all
"""
from alembic import op

revision = "i30_fingerprint_indexes"
down_revision = "i29_cells_all"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_walk_slot_updated_at", "walk_slot", ["updated_at"])
    op.create_index("ix_walk_report_submitted_at", "walk_report", ["submitted_at"])
    op.create_index("ix_guard_shift_updated_at", "guard_shift", ["updated_at"])


def downgrade():
    op.drop_index("ix_guard_shift_updated_at", table_name="guard_shift")
    op.drop_index("ix_walk_report_submitted_at", table_name="walk_report")
    op.drop_index("ix_walk_slot_updated_at", table_name="walk_slot")
