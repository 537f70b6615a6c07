"""The reports received per ISO week (lagesbild_count kind RECEIVED + WEEK = 40, day the
Monday), rolled up from the daily counts, so that three years of weeks read some 10,000
rows instead of 73,000 days' (portal/lagesbild/daily.py keeps them from now; issue 12).

Revision ID: i25_week_counts
Revises: i24_walk_tally
"""
from alembic import op

revision = "i25_week_counts"
down_revision = "i24_walk_tally"
branch_labels = None
depends_on = None

RECEIVED, WEEK = 0, 40


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        monday = "CAST(day - (CAST(EXTRACT(ISODOW FROM day) AS INTEGER) - 1) AS DATE)"
    else:  # %w: 0 is Sunday
        monday = "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
    op.execute(f"DELETE FROM lagesbild_count WHERE kind = {RECEIVED + WEEK}")
    op.execute(
        "INSERT INTO lagesbild_count (kind, day, category_id, department_id, area, hours, n) "
        f"SELECT {RECEIVED + WEEK}, {monday}, category_id, department_id, area, hours, SUM(n) "
        f"FROM lagesbild_count WHERE kind = {RECEIVED} "
        f"GROUP BY {monday}, category_id, department_id, area, hours HAVING SUM(n) <> 0"
    )


def downgrade():
    op.execute(f"DELETE FROM lagesbild_count WHERE kind = {RECEIVED + WEEK}")
