"""The lägesbild's map cells summed over categories and areas (lagesbild_count kind
CELLS_ALL = 50, its quarters 60 and years 70, category 0 and area ""), from the cells kept
per category and area: the map of every report reads fewer rows (at a million reports
a year 15 -> 12 ms, three years 22 -> 13 ms; portal/lagesbild/daily.py keeps them from
now; issue 12).

Revision ID: i29_cells_all
Revises: i28_day_histograms
"""
from alembic import op

revision = "i29_cells_all"
down_revision = "i28_day_histograms"
branch_labels = None
depends_on = None

CELLS, CELLS_ALL = 5, 50
OFFSETS = (0, 10, 20)  # month, daily.QUARTER, daily.YEAR


def upgrade():
    for offset in OFFSETS:
        op.execute(f"DELETE FROM lagesbild_count WHERE kind = {CELLS_ALL + offset}")
        op.execute(
            "INSERT INTO lagesbild_count (kind, day, category_id, department_id, area, hours, n) "
            f"SELECT {CELLS_ALL + offset}, day, 0, 0, '', hours, SUM(n) "
            f"FROM lagesbild_count WHERE kind = {CELLS + offset} GROUP BY day, hours HAVING SUM(n) <> 0"
        )


def downgrade():
    op.execute(f"DELETE FROM lagesbild_count WHERE kind IN ({', '.join(str(CELLS_ALL + o) for o in OFFSETS)})")
