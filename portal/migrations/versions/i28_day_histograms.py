"""The hour histograms of the lägesbild also by whole days of hours (lagesbild_count kinds
RESPONSE_DAYS … FIXED_CLOSED_DAYS = each histogram's kind + 5, per month, quarter and year,
hours holding the day block), summed from the hour histograms already kept: a percentile
over three years first finds its day in some 6,000 rows instead of 50,000, then reads that
day's hours (portal/lagesbild/daily.py keeps them from now; issue 12).

Revision ID: i28_day_histograms
Revises: i27_closed_index
"""
from alembic import op

revision = "i28_day_histograms"
down_revision = "i27_closed_index"
branch_labels = None
depends_on = None

HISTOGRAMS = (1, 2, 3, 4)  # daily.RESPONSE, FIXED, CLOSED, FIXED_CLOSED
BY_DAYS = 5
OFFSETS = (0, 10, 20)  # month, daily.QUARTER, daily.YEAR
FINE = ", ".join(str(kind + offset) for kind in HISTOGRAMS for offset in OFFSETS)
COARSE = ", ".join(str(kind + BY_DAYS + offset) for kind in HISTOGRAMS for offset in OFFSETS)
# daily.day_block: whole days of hours rounded up, (b − 1) · 24 < hours ≤ b · 24; both
# databases divide integers towards zero.
BLOCK = "CASE WHEN hours > 0 THEN (hours + 23) / 24 ELSE -((-hours) / 24) END"


def upgrade():
    op.execute(f"DELETE FROM lagesbild_count WHERE kind IN ({COARSE})")
    op.execute(
        "INSERT INTO lagesbild_count (kind, day, category_id, department_id, area, hours, n) "
        f"SELECT kind + {BY_DAYS}, day, category_id, department_id, area, {BLOCK}, SUM(n) "
        f"FROM lagesbild_count WHERE kind IN ({FINE}) "
        f"GROUP BY kind, day, category_id, department_id, area, {BLOCK} HAVING SUM(n) <> 0"
    )


def downgrade():
    op.execute(f"DELETE FROM lagesbild_count WHERE kind IN ({COARSE})")
