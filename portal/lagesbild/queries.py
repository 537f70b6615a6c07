"""The lägesbild's figures as SQL aggregates: one query per table, grouped in the database.

Counts and handling times are summed from the daily counts (daily.py: a few rows per day,
kept with every report change), so that a cold page for three years at a million reports
reads a few thousand rows; only the map cells and the open reports are read from reports.

Every function takes plain values (UTC ranges, an area slug, a category id) and returns
plain rows (lists of numbers and strings), so that results can be cached as JSON and
both SQLite and PostgreSQL give the same numbers: bucket boundaries come from Python
(see buckets.py), durations are whole seconds, percentiles are picked by rank.
"""
from fractions import Fraction

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    and_,
    bindparam,
    case,
    column,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from portal.areas import area_case
from portal.extensions import db
from portal.lagesbild import daily
from portal.lagesbild.daily import LagesbildCount as Count
from portal.periods import add_months
from portal.reports.models import Category, Report, ReportStatus
from portal.timeutil import local_midnight_utc, to_local

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
    return "CAST(EXTRACT(EPOCH FROM date_trunc('second', {})) AS BIGINT)".format(compiler.process(
        element.clauses, **kw
    ))


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
    return f"CAST(FLOOR({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(floor_int, "sqlite")
def _floor_sqlite(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"


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


def _values_table(rows, kind, sql_type):
    """[(index, start, end), …] as a small table "buckets" (bucket, starts, ends) to join to:
    each bucket is then one index range scan, and no time-zone arithmetic happens in SQL.
    Written as text: a UNION of a select per bucket (157 weeks in three years) is slow to
    build and compile as SQLAlchemy constructs on every request."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    cast = (lambda name: f"CAST(:{name} AS {sql_type})") if postgres else (lambda name: f":{name}")
    params, parts = [], []
    for i, (index, start, end) in enumerate(rows):
        parts.append(f"SELECT {int(index)} AS bucket, {cast(f'bs{i}')} AS starts, {cast(f'be{i}')} AS ends")
        params += [bindparam(f"bs{i}", start, type_=kind), bindparam(f"be{i}", end, type_=kind)]
    query = text(" UNION ALL ".join(parts)).bindparams(*params).columns(
        column("bucket", Integer), column("starts", kind), column("ends", kind))
    return query.subquery("buckets")


def _bucket_table(ranges):
    """The buckets' UTC ranges as a table (bucket, starts, ends) of naive-UTC timestamps."""
    return _values_table(ranges, DateTime(), "TIMESTAMP")


def _day_buckets(ranges):
    """The buckets' UTC ranges (Stockholm midnights) as Stockholm days [first, end)."""
    return _values_table([(i, to_local(start).date(), to_local(end).date()) for i, start, end in ranges],
                         Date(), "DATE")


def _counted(kind, ranges, area=None, category_id=None):
    """The daily counts of one kind joined to the buckets: (buckets, select of bucket)."""
    buckets = _day_buckets(ranges)
    query = select(buckets.c.bucket).select_from(buckets).join(
        Count, and_(Count.day >= buckets.c.starts, Count.day < buckets.c.ends)
    ).where(Count.kind.in_(kind) if isinstance(kind, tuple) else Count.kind == kind)
    if area:
        query = query.where(Count.area == area)
    if category_id:
        query = query.where(Count.category_id == category_id)
    return buckets, query


def received_per_category(ranges, area=None, category_id=None):
    """Reports received in each bucket per category: [[bucket, category_id, count], …]."""
    buckets, query = _counted(daily.RECEIVED, ranges, area, category_id)
    query = query.add_columns(Count.category_id, func.sum(Count.n)).group_by(buckets.c.bucket, Count.category_id)
    return [[b, c, int(n)] for b, c, n in db.session.execute(query) if n]


def received_per_area(ranges, category_id=None):
    """Reports received in each bucket per area: [[bucket, area_slug, count], …]."""
    buckets, query = _counted(daily.RECEIVED, ranges, None, category_id)
    query = query.add_columns(Count.area, func.sum(Count.n)).group_by(buckets.c.bucket, Count.area)
    return [[b, a, int(n)] for b, a, n in db.session.execute(query) if n]


def fixed_per_bucket(ranges):
    """Reports set to fixed (by the day they were closed) per bucket: [[bucket, count], …]."""
    found = []
    for bucket, start, end in ranges:
        n = sum(c for counts in _histograms((daily.FIXED_CLOSED,), (start, end), None).values() for _h, c in counts)
        if n:
            found.append([bucket, n])
    return found


def _raw_cells(utc, grid, area=None, category_id=None):
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


def grid_cells(utc, grid, area=None, category_id=None):
    """Reports with a position per map cell: [[row, col, count], …]. The grid is (south,
    west, cell height in degrees, cell width in degrees, rows, cols) from MAP_BOUNDS. Whole
    months come from the monthly cell counts, the ragged ends from the reports."""
    first, end = to_local(utc[0]).date(), to_local(utc[1]).date()
    full_from = first if first.day == 1 else add_months(first.replace(day=1), 1)
    full_to = end.replace(day=1)
    if full_from >= full_to:
        return _raw_cells(utc, grid, area, category_id)
    cols = grid[5]
    query = select(Count.hours, func.sum(Count.n)).where(
        Count.kind == daily.CELLS, Count.day >= full_from, Count.day < full_to)
    if area:
        query = query.where(Count.area == area)
    if category_id:
        query = query.where(Count.category_id == category_id)
    found = {}
    for cell, n in db.session.execute(query.group_by(Count.hours)):
        found[divmod(cell, cols)] = int(n)
    for period in ((utc[0], local_midnight_utc(full_from)), (local_midnight_utc(full_to), utc[1])):
        if period[0] < period[1]:
            for row, col, n in _raw_cells(period, grid, area, category_id):
                found[(row, col)] = found.get((row, col), 0) + n
    return [[row, col, n] for (row, col), n in found.items() if n]


def _group_column(group):
    return {"category": Count.category_id, "department": Count.department_id}[group]


def _group_value(value):
    return None if value == daily.NO_DEPARTMENT else value


def _hours_sql(start, end):
    """Whole hours from start to end, rounded up (as daily._hours), in SQL."""
    secs = epoch_seconds(end) - epoch_seconds(start)
    return case((secs > 0, (secs + 3599) // 3600), else_=-((-secs) // 3600))


def _raw_histogram(kind, utc, columns, area=None, category_id=None):
    """One kind's hour histogram counted from the reports in utc: rows (kind, *group, hours, n)."""
    hours = {daily.RESPONSE: _hours_sql(Report.created_at, Report.responded_at)}.get(
        kind, _hours_sql(Report.created_at, Report.closed_at))
    conditions = {
        daily.RESPONSE: [Report.responded_at.is_not(None)],
        daily.FIXED: [Report.status == ReportStatus.FIXED, Report.closed_at.is_not(None)],
        daily.CLOSED: [Report.closed_at.is_not(None)],
        daily.FIXED_CLOSED: [Report.status == ReportStatus.FIXED],
    }[kind]
    timed = Report.closed_at if kind == daily.FIXED_CLOSED else Report.created_at
    inner = select(*[c.label(f"g{i}") for i, c in enumerate(columns)], hours.label("hours")).where(
        _in_range(timed, utc), *conditions, *_where(area, category_id)).subquery()
    grouped = [inner.c[f"g{i}"] for i in range(len(columns))] + [inner.c.hours]
    query = select(literal(kind, Integer), *grouped, func.count()).group_by(*grouped)
    return list(db.session.execute(query))


def _histograms(kinds, utc, group, area=None, category_id=None):
    """{(kind, grp): [(hours, n), …] in rising hours} of the reports received (or, for
    FIXED_CLOSED, fixed) in utc: whole months from the monthly counts, the ragged ends
    (and, with an area, everything) from the reports."""
    first, end = to_local(utc[0]).date(), to_local(utc[1]).date()
    full_from = first if first.day == 1 else add_months(first.replace(day=1), 1)
    full_to = end.replace(day=1)
    groups = (group,) if isinstance(group, str) else (group or ())
    rows = []
    if area or full_from >= full_to:
        raw = [utc]
    else:
        raw = [r for r in ((utc[0], local_midnight_utc(full_from)), (local_midnight_utc(full_to), utc[1]))
               if r[0] < r[1]]
        grouped = [_group_column(g) for g in groups]
        query = select(Count.kind, *grouped, Count.hours, func.sum(Count.n)).where(
            Count.kind.in_(kinds), Count.day >= full_from, Count.day < full_to)
        if category_id:
            query = query.where(Count.category_id == category_id)
        rows += list(db.session.execute(query.group_by(Count.kind, *grouped, Count.hours)))
    columns = [{"category": Report.category_id, "department": Report.department_id}[g] for g in groups]
    for kind in kinds:
        for period in raw:
            rows += _raw_histogram(kind, period, columns, area, category_id)
    merged = {}
    for row in rows:
        if row[-1]:
            values = tuple(_group_value(v) for v in row[1:-2])
            grp = values[0] if len(values) == 1 else (values or 0)
            into = merged.setdefault((row[0], grp), {})
            into[row[-2]] = into.get(row[-2], 0) + int(row[-1])
    return {key: sorted(counts.items()) for key, counts in merged.items()}


def _percentile_rows(histograms, metrics):
    """Only the values a percentile needs, picked by rank from the hour histograms:
    [[metric, grp, n, rank, seconds], …] (rank from 0), as percentiles() reads them."""
    rows = []
    for (kind, grp), counts in histograms.items():
        n = sum(c for _h, c in counts)
        wanted = set()
        for fraction in PERCENTILES:  # ranks floor((n-1)·p) and ceil((n-1)·p)
            num, den = fraction.numerator, fraction.denominator
            wanted |= {(num * (n - 1)) // den, (num * (n - 1) + den - 1) // den}
        below = 0
        for hours, c in counts:
            for rank in sorted(r for r in wanted if below <= r < below + c):
                rows.append([metrics[kind], grp, n, rank, hours * 3600])
            below += c
    return rows


def handling_percentiles(utc, group, area=None, category_id=None):
    """Rows for the median and 90th percentile of time to first response and to fixed
    (whole hours, rounded up, from the daily histograms)."""
    kinds = (daily.RESPONSE, daily.FIXED)
    return _percentile_rows(_histograms(kinds, utc, group, area, category_id),
                            {daily.RESPONSE: RESPONSE, daily.FIXED: FIXED})


def fixed_percentiles(closed_utc):
    """Rows for the median time to fixed of the reports fixed (closed) in the period."""
    return _percentile_rows(_histograms((daily.FIXED_CLOSED,), closed_utc, None), {daily.FIXED_CLOSED: FIXED})


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
    [[grp, reports, within, decided], …]. Closed reports come from the histograms of hours
    to closing (hours ≤ level is exactly "within", whole hours rounded up); the open ones,
    few, from the reports."""
    grp = _group_column(group)
    _buckets, query = _counted(daily.RECEIVED, [(0, *utc)], area, category_id)
    query = query.with_only_columns(grp, func.sum(Count.n)).group_by(grp)
    received = {_group_value(g): int(n) for g, n in db.session.execute(query) if n}
    levels = dict(db.session.execute(select(Category.id, Category.service_level_hours)).all())
    closed_hours = {}
    if group == "category":
        closed_hours = _histograms((daily.CLOSED,), utc, "category", area, category_id)
    else:  # per department the level still depends on each report's category
        both = _histograms((daily.CLOSED,), utc, ("category", "department"), area, category_id)
        for (kind, (cat_id, department_id)), counts in both.items():
            level = levels.get(cat_id)
            closed_hours.setdefault((kind, department_id), []).extend((h, n, level) for h, n in counts)
    within, decided = {}, {}
    for (_kind, g), counts in closed_hours.items():
        for h, n, *given in counts:
            level = given[0] if given else levels.get(g)  # per department: the category's
            if level is not None:
                decided[g] = decided.get(g, 0) + n
                within[g] = within.get(g, 0) + (n if h <= level else 0)
    report_grp = {"category": Report.category_id, "department": Report.department_id}[group]
    level = Category.service_level_hours
    open_past = (
        select(report_grp, func.count())
        .select_from(Report)
        .join(Category, Category.id == Report.category_id)
        .where(Report.closed_at.is_(None), level.is_not(None),
               as_of_epoch - epoch_seconds(Report.created_at) > level * 3600,
               _in_range(Report.created_at, utc), *_where(area, category_id))
        .group_by(report_grp)
    )
    for g, n in db.session.execute(open_past):
        decided[g] = decided.get(g, 0) + n
    return [[g, n, within.get(g, 0), decided.get(g, 0)] for g, n in received.items()]


def fingerprint_row():
    """Cheap values that change whenever a report is added or changed (updated_at is set
    by every change; both maxima are index look-ups)."""
    latest = select(func.max(Report.updated_at)).scalar_subquery()
    highest = select(func.max(Report.id)).scalar_subquery()
    return list(db.session.execute(select(latest, highest)).one())
