"""The lägesbild's figures as SQL aggregates: one query per table, grouped in the database.

Every function takes plain values (UTC ranges, an area slug, a category id) and returns
plain rows (lists of numbers and strings), so that results can be cached as JSON and
both SQLite and PostgreSQL give the same numbers: bucket boundaries come from Python
(see buckets.py), durations are whole seconds, percentiles are picked by rank.
"""
from fractions import Fraction

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from portal.areas import area_case
from portal.extensions import db
from portal.reports.models import Category, Report, ReportStatus

# Duplicates repeat a report already counted; rejected ones were not real reports.
NOT_COUNTED = (ReportStatus.DUPLICATE, ReportStatus.REJECTED)
RESPONSE, FIXED = 0, 1  # the two durations measured from receipt
PERCENTILES = (Fraction(1, 2), Fraction(9, 10))


class epoch_seconds(FunctionElement):
    """A timestamp as whole seconds since 1970 (fractions dropped), the same on both DBs."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds)
def _epoch_postgresql(element, compiler, **kw):
    return "CAST(EXTRACT(EPOCH FROM date_trunc('second', %s)) AS BIGINT)" % compiler.process(
        element.clauses, **kw
    )


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw):
    inner = compiler.process(element.clauses, **kw)
    if (compiler.dialect.server_version_info or (0,)) >= (3, 38):
        return f"unixepoch({inner})"  # the same value as strftime('%s'), faster
    return "CAST(strftime('%s', " + inner + ") AS INTEGER)"


class floor_int(FunctionElement):
    """The whole part of a non-negative number (PostgreSQL's CAST rounds, SQLite's cuts)."""

    type = Integer()
    inherit_cache = True


@compiles(floor_int)
def _floor_postgresql(element, compiler, **kw):
    return "CAST(FLOOR(%s) AS INTEGER)" % compiler.process(element.clauses, **kw)


@compiles(floor_int, "sqlite")
def _floor_sqlite(element, compiler, **kw):
    return "CAST(%s AS INTEGER)" % compiler.process(element.clauses, **kw)


def _where(area=None, category_id=None):
    """Conditions every count shares: counted statuses, and the chosen area and category."""
    conditions = [Report.status.not_in(NOT_COUNTED)]
    if category_id:
        conditions.append(Report.category_id == category_id)
    if area:
        conditions.append(area_case(Report.lat, Report.lon) == area)
    return conditions


def _in_range(column, utc):
    start, end = utc
    return and_(column >= start, column < end)


def _bucket_table(ranges):
    """[(index, start, end), …] as a small table to join reports to: each bucket is then
    one index range scan, and no time-zone arithmetic happens in SQL."""
    selects = [
        select(
            literal(index, Integer).label("bucket"),
            literal(start, DateTime).label("starts"),
            literal(end, DateTime).label("ends"),
        )
        for index, start, end in ranges
    ]
    table = selects[0] if len(selects) == 1 else union_all(*selects)
    return table.subquery("buckets")


def _joined_to_buckets(ranges, column, *columns):
    buckets = _bucket_table(ranges)
    query = select(buckets.c.bucket, *columns).select_from(buckets).join(
        Report, and_(column >= buckets.c.starts, column < buckets.c.ends)
    )
    return buckets, query


def received_per_category(ranges, area=None, category_id=None):
    """Reports received in each bucket per category: [[bucket, category_id, count], …]."""
    buckets, query = _joined_to_buckets(ranges, Report.created_at, Report.category_id, func.count())
    query = query.where(*_where(area, category_id)).group_by(buckets.c.bucket, Report.category_id)
    return [list(row) for row in db.session.execute(query)]


def received_per_area(ranges, category_id=None):
    """Reports received in each bucket per area: [[bucket, area_slug, count], …]."""
    buckets, inner = _joined_to_buckets(
        ranges, Report.created_at, area_case(Report.lat, Report.lon).label("area")
    )
    inner = inner.where(*_where(None, category_id)).subquery()
    query = select(inner.c.bucket, inner.c.area, func.count()).group_by(inner.c.bucket, inner.c.area)
    return [list(row) for row in db.session.execute(query)]


def fixed_per_bucket(ranges, area=None, category_id=None):
    """Reports set to fixed (by the day they were closed) per bucket: [[bucket, count], …]."""
    buckets, query = _joined_to_buckets(ranges, Report.closed_at, func.count())
    query = query.where(Report.status == ReportStatus.FIXED, *_where(area, category_id))
    return [list(row) for row in db.session.execute(query.group_by(buckets.c.bucket))]


def grid_cells(utc, grid, area=None, category_id=None):
    """Reports with a position per map cell: [[row, col, count], …]. The grid is (south,
    west, cell height in degrees, cell width in degrees, rows, cols) from MAP_BOUNDS."""
    south, west, dlat, dlon, rows, cols = grid
    north, east = south + rows * dlat, west + cols * dlon
    inner = select(
        floor_int((Report.lat - south) / dlat).label("row"),
        floor_int((Report.lon - west) / dlon).label("col"),
    ).where(
        _in_range(Report.created_at, utc),
        Report.lat >= south, Report.lat < north, Report.lon >= west, Report.lon < east,
        *_where(area, category_id),
    ).subquery()
    query = select(inner.c.row, inner.c.col, func.count()).group_by(inner.c.row, inner.c.col)
    return [list(row) for row in db.session.execute(query)]


def _group_column(group):
    return {"category": Report.category_id, "department": Report.department_id}[group]


def _durations(utc, group, area=None, category_id=None):
    """Seconds from receipt to first response and to fixed, per group, for the reports
    received in the period (utc), as a subquery (metric, grp, secs). One range scan of the
    covering index feeds both."""
    created = epoch_seconds(Report.created_at)
    is_fixed = and_(Report.status == ReportStatus.FIXED, Report.closed_at.is_not(None))
    base = select(
        _group_column(group).label("grp"),
        (epoch_seconds(Report.responded_at) - created).label("response"),
        case((is_fixed, epoch_seconds(Report.closed_at) - created)).label("fixed"),
    ).where(_in_range(Report.created_at, utc), *_where(area, category_id)).cte("base")
    return union_all(*[
        select(literal(metric, Integer).label("metric"), base.c.grp, column.label("secs"))
        .where(column.is_not(None))
        for metric, column in ((RESPONSE, base.c.response), (FIXED, base.c.fixed))
    ]).subquery("durations")


def _fixed_durations(closed_utc):
    """Seconds from receipt to fixed for the reports fixed (closed) in the period."""
    return select(
        literal(FIXED, Integer).label("metric"), literal(0, Integer).label("grp"),
        (epoch_seconds(Report.closed_at) - epoch_seconds(Report.created_at)).label("secs"),
    ).where(Report.status == ReportStatus.FIXED, _in_range(Report.closed_at, closed_utc)).subquery()


def _percentile_rows(durations):
    """Only the rows a percentile needs, picked by rank in SQL with window functions:
    [[metric, grp, n, rank, secs], …] (rank from 0)."""
    partition = (durations.c.metric, durations.c.grp)
    ranked = select(
        durations.c.metric, durations.c.grp, durations.c.secs,
        func.count().over(partition_by=partition).label("n"),
        (func.row_number().over(partition_by=partition, order_by=durations.c.secs) - 1).label("rank"),
    ).subquery("ranked")
    wanted = []
    for fraction in PERCENTILES:  # rank floor((n-1)·p) and ceil((n-1)·p), integer division
        num, den = fraction.numerator, fraction.denominator
        wanted.append(ranked.c.rank == (num * (ranked.c.n - 1)) // den)
        wanted.append(ranked.c.rank == (num * (ranked.c.n - 1) + den - 1) // den)
    query = select(ranked.c.metric, ranked.c.grp, ranked.c.n, ranked.c.rank, ranked.c.secs).where(or_(*wanted))
    return [list(row) for row in db.session.execute(query)]


def handling_percentiles(utc, group, area=None, category_id=None):
    """Rows for the median and 90th percentile of time to first response and to fixed."""
    return _percentile_rows(_durations(utc, group, area, category_id))


def fixed_percentiles(closed_utc):
    """Rows for the median time to fixed of the reports fixed in the period."""
    return _percentile_rows(_fixed_durations(closed_utc))


def percentiles(rows):
    """{(metric, grp): {"n": n, Fraction(1, 2): seconds, …}} from _percentile_rows, by
    linear interpolation between the two nearest ranks (PostgreSQL's percentile_cont)."""
    picked = {}
    for metric, grp, n, rank, secs in rows:
        picked.setdefault((metric, grp), {"n": n, "at": {}})["at"][rank] = secs
    result = {}
    for key, found in picked.items():
        n, at = found["n"], found["at"]
        values = {"n": n}
        for fraction in PERCENTILES:
            position = fraction * (n - 1)
            low, high = int(position), -(-position.numerator // position.denominator)
            values[fraction] = float(at[low] + (position - low) * (at[high] - at[low]))
        result[key] = values
    return result


def service_level_share(utc, group, as_of_epoch, area=None, category_id=None):
    """Per group: reports received in the period, those closed within their category's
    service level, and those decided (closed, or open past the level at as_of):
    [[grp, reports, within, decided], …]."""
    grp = _group_column(group)
    level = Category.service_level_hours * 3600
    created = epoch_seconds(Report.created_at)
    has_level = Category.service_level_hours.is_not(None)
    closed = Report.closed_at.is_not(None)
    within = case((and_(has_level, closed, epoch_seconds(Report.closed_at) - created <= level), 1), else_=0)
    decided = case((and_(has_level, or_(closed, as_of_epoch - created > level)), 1), else_=0)
    query = (
        select(grp, func.count(), func.sum(within), func.sum(decided))
        .select_from(Report)
        .join(Category, Category.id == Report.category_id)
        .where(_in_range(Report.created_at, utc), *_where(area, category_id))
        .group_by(grp)
    )
    return [[g, n, int(w or 0), int(d or 0)] for g, n, w, d in db.session.execute(query)]


def fingerprint_row():
    """Cheap values that change whenever a report is added or changed (updated_at is set
    by every change; both maxima are index look-ups)."""
    latest = select(func.max(Report.updated_at)).scalar_subquery()
    highest = select(func.max(Report.id)).scalar_subquery()
    return list(db.session.execute(select(latest, highest)).one())
