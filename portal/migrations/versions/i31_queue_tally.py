"""Every report per category, department, assignee and status (queue_tally), so that the
staff queue shows how many reports it lists without counting them (issue 12).

Revision ID: i31_queue_tally
Revises: i30_fingerprint_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "i31_queue_tally"
down_revision = "i30_fingerprint_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "queue_tally",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "department_id", "assigned_to_id", "status",
                                name=op.f("pk_queue_tally")),
    )
    op.execute(
        "INSERT INTO queue_tally (category_id, department_id, assigned_to_id, status, n) "
        "SELECT category_id, coalesce(department_id, 0), coalesce(assigned_to_id, 0), status, count(*) "
        "FROM report GROUP BY category_id, coalesce(department_id, 0), coalesce(assigned_to_id, 0), status"
    )


def downgrade():
    op.drop_table("queue_tally")
