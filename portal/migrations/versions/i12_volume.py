"""The lägesbild's monthly counts and daily received counts rolled up per quarter and per
year (lagesbild_count kinds +10 and +20), the received per month too (+30), day the first
day of the span, so that a period of three years sums
a few spans of rows instead of 36 months' (portal/lagesbild/daily.py keeps them from now).

Revision ID: i12_volume
Revises: d1c_case_feed
"""
from alembic import op

revision = "i12_volume"
down_revision = "d1c_case_feed"
branch_labels = None
depends_on = None

MONTHLY = "1, 2, 3, 4, 5"  # daily.MONTHLY: RESPONSE, FIXED, CLOSED, FIXED_CLOSED, CELLS
RECEIVED = 0  # per day: rolled up per month too
QUARTER, YEAR, MONTH = 10, 20, 30


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    firsts = {
        QUARTER: "CAST(date_trunc('quarter', day) AS DATE)" if postgres else
        "printf('%04d-%02d-01', CAST(strftime('%Y', day) AS INTEGER), "
        "(CAST(strftime('%m', day) AS INTEGER) - 1) / 3 * 3 + 1)",
        YEAR: "CAST(date_trunc('year', day) AS DATE)" if postgres else "date(day, 'start of year')",
    }
    firsts[MONTH] = "CAST(date_trunc('month', day) AS DATE)" if postgres else "date(day, 'start of month')"
    op.execute(f"DELETE FROM lagesbild_count WHERE kind >= {QUARTER}")
    for offset, first in firsts.items():
        kinds = str(RECEIVED) if offset == MONTH else f"{RECEIVED}, {MONTHLY}"
        op.execute(
            "INSERT INTO lagesbild_count (kind, day, category_id, department_id, area, hours, n) "
            f"SELECT kind + {offset}, {first}, category_id, department_id, area, hours, SUM(n) "
            f"FROM lagesbild_count WHERE kind IN ({kinds}) "
            f"GROUP BY kind, {first}, category_id, department_id, area, hours HAVING SUM(n) <> 0"
        )


def downgrade():
    op.execute(f"DELETE FROM lagesbild_count WHERE kind >= {QUARTER}")
