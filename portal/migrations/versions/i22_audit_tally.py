"""The audit log's entries per actor and action (audit_tally), so that the log page says
how many it lists without counting five million entries (issue 12).

Revision ID: i22_audit_tally
Revises: i21_walk_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "i22_audit_tally"
down_revision = "i21_walk_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_tally",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "action", name=op.f("pk_audit_tally")),
    )
    op.execute(
        "INSERT INTO audit_tally (actor_id, action, n) "
        "SELECT COALESCE(actor_id, 0), action, count(*) FROM audit_entry GROUP BY COALESCE(actor_id, 0), action"
    )


def downgrade():
    op.drop_table("audit_tally")
