"""The public reports per category and status (report_tally), so that /rapporter shows
how many it lists without counting them (issue 12).

Revision ID: i20_tally
Revises: i17_model
"""
import sqlalchemy as sa
from alembic import op

revision = "i20_tally"
down_revision = "i17_model"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_tally",
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category_id", "status", name=op.f("pk_report_tally")),
    )
    public = "is_published AND NOT is_hidden"
    if op.get_bind().dialect.name == "sqlite":
        public = "is_published = 1 AND is_hidden = 0"
    op.execute(
        "INSERT INTO report_tally (category_id, status, n) "
        f"SELECT category_id, status, count(*) FROM report WHERE {public} GROUP BY category_id, status"
    )


def downgrade():
    op.drop_table("report_tally")
