"""Pre-aggregated counts for the lägesbild, so that a cold page for any period (up to
three years at a million reports) sums a few thousand rows instead of scanning reports.

One table, lagesbild_count, keyed by (kind, day, category, department, area, hours) with
a count n:

    RECEIVED      reports received on that Stockholm day (counted statuses), per area
    RESPONSE      reports received in that month (day = the 1st) by whole hours (rounded
                  up) to the first response; area ""
    FIXED         the same, hours to fixed (status fixed, closed_at set)
    CLOSED        the same, hours to closing in any counted status (the service level)
    FIXED_CLOSED  reports fixed in that month by hours to fixed, all categories (the
                  public page's "fixed" and median)
    CELLS         reports received in that month per map cell (hours = row · cols + col
                  of grid.map_grid()), per category and area
    CELLS_ALL     the same summed over categories and areas (category 0, area ""), for
                  the map of every report: fewer rows (migration i29_cells_all)
    RESPONSE_DAYS, FIXED_DAYS, CLOSED_DAYS, FIXED_CLOSED_DAYS (each its hour histogram's
                  kind + BY_DAYS): the same histograms by whole days of hours (hours holds
                  the day block: day_block()), for finding which day a percentile falls on
                  before reading that day's hours (queries.pick_percentiles)

Every monthly kind, and RECEIVED, is also kept per quarter (kind + QUARTER) and per year
(kind + YEAR), RECEIVED per month too (RECEIVED + MONTH), day the first day of the span
(migration i12_volume): three years read two years, a few quarters and months (at a
million reports some 45,000 histogram rows instead of 170,000, and a few hundred received
rows instead of 74,000). RECEIVED is kept per ISO week as well (RECEIVED + WEEK, day the
Monday; migration i25_week_counts), for the week-by-week figures: three years of weeks
read some 10,000 rows instead of 73,000 days'.

AREAS, MAP_BOUNDS and LAGESBILD_GRID_METRES are counted in: after changing them, run
`flask lagesbild-rebuild`.

The hour histograms are per month, since by day they would hold about a row per report:
a period reads its whole months here and its ragged ends (and any period filtered by
area) from the reports, grouped by the same whole hours in SQL (queries._raw_histogram_query).
A period that ends after the latest report, as every period to today does, reads its
last month, quarter and year whole: nothing lies between its end and theirs
(queries._months_of), so a year to today is one row per key and no ragged end.

A report's contributions are a pure function of its row (contributions()). They are kept
in the same transaction as the change that causes them by ONE mechanism: an after_flush
listener (registered by init_app) that compares each flushed report's contributions with
those it had when loaded or last flushed, and upserts the difference. Bulk writers that go
around the ORM (the demo generator, the benchmark's COPY) call rebuild_daily_counts()
after their insert, in the same transaction.

Hours are rounded up: hours h holds (h-1)·3600 < seconds ≤ h·3600, so "closed within a
service level of L hours" is exactly hours ≤ L; percentiles are exact to the hour.
"""
import math
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Date, Index, Integer, SmallInteger, String, event, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.areas import ELSEWHERE, NO_POSITION, configured_areas
from portal.common.flushed import add_counts, committed_values
from portal.extensions import db
from portal.lagesbild.grid import map_grid
from portal.reports.models import Report, ReportStatus
from portal.timeutil import to_local

RECEIVED, RESPONSE, FIXED, CLOSED, FIXED_CLOSED, CELLS = 0, 1, 2, 3, 4, 5
CELLS_ALL = 50  # its quarters and years are 60 and 70
HISTOGRAMS = (RESPONSE, FIXED, CLOSED, FIXED_CLOSED)  # hours to an event, per month received (fixed)
BY_DAYS = 5  # added to a histogram's kind: the same histogram by day blocks (day_block)
RESPONSE_DAYS, FIXED_DAYS, CLOSED_DAYS, FIXED_CLOSED_DAYS = (kind + BY_DAYS for kind in HISTOGRAMS)
DAY_HOURS = 24
MONTHLY = (*HISTOGRAMS, CELLS, *(kind + BY_DAYS for kind in HISTOGRAMS), CELLS_ALL)
QUARTER, YEAR = 10, 20  # added to a monthly kind (or RECEIVED): the same counts per quarter, per year
MONTH = 30  # RECEIVED + MONTH: the reports received per month
WEEK = 40  # RECEIVED + WEEK: the reports received per ISO week (Monday to Sunday, Swedish days)
NOT_COUNTED = (ReportStatus.DUPLICATE, ReportStatus.REJECTED)
NO_DEPARTMENT = 0  # stored for "no department" (a key column cannot be NULL)
_SNAPSHOT = "_lagesbild_counted"  # the FIELDS a loaded report already counts under in the table


class LagesbildCount(db.Model):
    __tablename__ = "lagesbild_count"
    __table_args__ = (
        # The key and the count in one index: PostgreSQL sums a period by an index-only scan.
        Index("ix_lagesbild_count_sums", "kind", "day", "category_id", "department_id", "area", "hours",
              postgresql_include=["n"]),
    )

    kind: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(String(60), primary_key=True)
    hours: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


def _hours(start, end):
    """Whole hours from start to end (naive UTC), rounded up, of the whole seconds of each
    (fractions dropped, as queries.epoch_seconds does in SQL)."""
    delta = end - start  # a timedelta's seconds and days are the floor of the difference
    seconds = delta.days * 86400 + delta.seconds + (end.microsecond < start.microsecond)
    return -((-seconds) // 3600)  # rounded up


def day_block(hours):
    """The block of whole days holding hours h: b with (b − 1) · 24 < h ≤ b · 24 (hours are
    rounded up, so a block is the hours of day b counted from receipt)."""
    return -((-hours) // DAY_HOURS)


def area_of(lat, lon, areas):
    """The same rule as portal.areas.area_case, with the areas given."""
    if lat is None:
        return NO_POSITION
    if lon is not None:
        for area in areas:
            if area.holds(lat, lon):
                return area.slug
    return ELSEWHERE


def cell_of(lat, lon, grid):
    """row · cols + col of the map cell holding the point, or None (queries.grid_cells)."""
    south, west, dlat, dlon, rows, cols = grid
    if lat is None or lon is None or not (south <= lat < south + rows * dlat and west <= lon < west + cols * dlon):
        return None
    return math.floor((lat - south) / dlat) * cols + math.floor((lon - west) / dlon)


def contributions(created_at, closed_at, responded_at, status, category_id, department_id, lat, lon, areas,
                  grid=None):
    """The (kind, day, category, department, area, hours) keys one report counts under."""
    return expanded(own_keys(created_at, closed_at, responded_at, status, category_id, department_id, lat, lon,
                             areas, grid))


def own_keys(created_at, closed_at, responded_at, status, category_id, department_id, lat, lon, areas, grid=None):
    """The keys a report counts under that depend on its row: received, map cells and the
    hour histograms. expanded() derives the rest from each of them alone, so a sum over many
    reports can be expanded once per distinct key (computed_counts)."""
    if created_at is None or category_id is None:
        return ()
    status = ReportStatus(status) if not isinstance(status, ReportStatus) else status
    if status in NOT_COUNTED:
        return ()
    day = to_local(created_at).date()
    month = day.replace(day=1)
    department = department_id or NO_DEPARTMENT
    area = area_of(lat, lon, areas)
    found = [(RECEIVED, day, category_id, department, area, 0)]
    cell = cell_of(lat, lon, grid) if grid else None
    if cell is not None:
        found.append((CELLS, month, category_id, 0, area, cell))
        found.append((CELLS_ALL, month, 0, 0, "", cell))
    if responded_at is not None:
        found.append((RESPONSE, month, category_id, department, "", _hours(created_at, responded_at)))
    if closed_at is not None:
        hours = _hours(created_at, closed_at)
        found.append((CLOSED, month, category_id, department, "", hours))
        if status == ReportStatus.FIXED:
            found.append((FIXED, month, category_id, department, "", hours))
            found.append((FIXED_CLOSED, to_local(closed_at).date().replace(day=1), 0, 0, "", hours))
    return found


def expanded(keys):
    """The keys with what each implies: a histogram's by-days key, and every monthly key's
    (and a day's received key's) roll-ups. Each derived key depends on one key alone."""
    found = list(keys)
    found += [(kind + BY_DAYS, *rest, day_block(hours)) for kind, *rest, hours in found if kind in HISTOGRAMS]
    return tuple(found + [rolled for key in found if key[0] in MONTHLY or key[0] == RECEIVED
                          for rolled in _rolled_up(key)])


def _rolled_up(key):
    """A monthly key's quarter and year keys (a day's received: its month's and its ISO
    week's too)."""
    kind, day, *rest = key
    month = (((kind + MONTH, day.replace(day=1), *rest), (kind + WEEK, day - timedelta(days=day.weekday()), *rest))
             if kind == RECEIVED else ())
    return month + ((kind + QUARTER, day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1), *rest),
                    (kind + YEAR, day.replace(month=1, day=1), *rest))


def _of(report, layout):
    return contributions(report.created_at, report.closed_at, report.responded_at, report.status,
                         report.category_id, report.department_id, report.lat, report.lon, *layout)


def _layout():
    """The areas and the map grid of the running app."""
    return configured_areas(), map_grid()


KEY = ("kind", "day", "category_id", "department_id", "area", "hours")


def apply(connection, changes):
    """Add the counts in `changes` ({key: delta}) to the table, one upsert per key."""
    add_counts(connection, LagesbildCount.__table__, KEY,
               [dict(zip(KEY, key), n=delta) for key, delta in changes.items() if delta])


FIELDS = ("created_at", "closed_at", "responded_at", "status", "category_id", "department_id", "lat", "lon")


def _values(report):
    return tuple(report.__dict__.get(name) for name in FIELDS) if all(
        name in report.__dict__ for name in FIELDS) else None


def _loaded(report, _context):
    """A report read from the database already counts under its loaded values (kept as
    they are: the keys are worked out only for a report that is flushed, not for every
    report a page reads)."""
    values = _values(report)
    if values is not None:
        report.__dict__[_SNAPSHOT] = values


def _before(report, areas):
    """The keys a flushed report counted under before this flush: from the snapshot, or
    (a report loaded with only some columns) from the attributes' committed values."""
    if _SNAPSHOT in report.__dict__:
        return contributions(*report.__dict__[_SNAPSHOT], *areas)
    return contributions(*committed_values(report, FIELDS), *areas)


def _after_flush(session, _flush_context):
    new = [o for o in session.new if isinstance(o, Report)]
    reports = new + [o for o in session.dirty if isinstance(o, Report) and session.is_modified(o)]
    deleted = [o for o in session.deleted if isinstance(o, Report)]
    if not (reports or deleted):
        return
    areas = _layout()
    changes = Counter()
    for report in reports:
        now = _of(report, areas)
        before = () if report in new else _before(report, areas)
        if now != before:
            changes.update(now)
            changes.subtract(before)
        report.__dict__[_SNAPSHOT] = tuple(getattr(report, name) for name in FIELDS)
    for report in deleted:
        changes.subtract(_before(report, areas))
    apply(session.connection(), changes)


def init_app(app):
    """Keep the counts with every report change made through the ORM (once per process:
    the listeners sit on Flask-SQLAlchemy's session class and the Report mapper)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(Report, "load", _loaded)


def computed_counts(connection, layout=None):
    """{key: n} computed directly from the reports, as the table should hold them;
    layout is (areas, map grid), the running app's when not given."""
    layout = layout if layout is not None else _layout()
    columns = [Report.created_at, Report.closed_at, Report.responded_at, Report.status,
               Report.category_id, Report.department_id, Report.lat, Report.lon]
    own = Counter()
    for row in connection.execute(select(*columns), execution_options={"yield_per": 50_000}):
        own.update(own_keys(*row, *layout))
    counts = Counter()
    for key, n in own.items():  # the derived keys once per distinct key, not once per report
        for derived in expanded((key,)):
            counts[derived] += n
    return counts


def stored_counts(connection):
    """{key: n} as the table holds them (rows counted down to 0 left out)."""
    table = LagesbildCount.__table__
    rows = connection.execute(select(*(table.c[name] for name in KEY), table.c.n).where(table.c.n != 0))
    return Counter({tuple(row[:-1]): row[-1] for row in rows})


def rebuild_daily_counts(session=None, connection=None, layout=None):
    """Recompute the whole table from the reports (after a bulk insert that went around
    the ORM, or when AREAS changed). Runs in the caller's transaction."""
    connection = connection or (session or db.session).connection()
    counts = computed_counts(connection, layout)
    connection.execute(LagesbildCount.__table__.delete())
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        quoted = ", ".join(KEY + ("n",))
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY lagesbild_count ({quoted}) FROM STDIN") as copy:
                for key, n in counts.items():
                    if n:
                        copy.write_row((*key, n))
        return sum(1 for n in counts.values() if n)
    rows = [dict(zip(KEY, key), n=n) for key, n in counts.items() if n]
    for start in range(0, len(rows), 20_000):
        connection.execute(LagesbildCount.__table__.insert(), rows[start:start + 20_000])
    return len(rows)
