"""The lägesbild's figures as SQL aggregates: one query per table, grouped in the database.

Counts and handling times are summed from the daily counts (daily.py: a few rows per day,
kept with every report change), so that a cold page for three years at a million reports
reads a few thousand rows; only the map cells and the open reports are read from reports.

Every function takes plain values (UTC ranges, an area slug, a category id) and returns
plain rows (lists of numbers and strings), so that results can be cached as JSON and
both SQLite and PostgreSQL give the same numbers: bucket boundaries come from Python
(see buckets.py), durations are whole seconds, percentiles are picked by rank.
"""
import json
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from flask import g as flask_g
from flask import has_request_context
from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
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


def fetch(query):
    """The rows of a select of plain columns, all at once, run on the session's connection
    (the session flushed first, as its own execute would): the ORM's result processing,
    which none of these selects needs, and a driver call per row cost more than the
    database for the thousands of rows of three years' figures (the week-by-week counts
    13 -> 9 ms)."""
    db.session.flush()
    return db.session.connection().execute(query).all()


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


def _table(rows, columns, name):
    """rows as a small table `name` to join to, with columns [(name, SQLAlchemy type,
    PostgreSQL type)].

    The rows travel as ONE parameter per column, whatever their number: PostgreSQL unnests
    arrays, SQLite reads a JSON list with json_each. A statement with a parameter per
    value (three years are 157 weeks) cost more to build, key for the statement cache and
    bind on every request than the database took to answer it. `name` names the table and
    its parameters: one statement may hold several such tables, each named apart."""
    dialect = db.session.get_bind().dialect
    names = [col for col, _type, _sql in columns]
    values = list(zip(*rows)) if rows else [()] * len(columns)
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:{name}_{col} AS {sql}[])" for col, _type, sql in columns)
        sql = f"SELECT * FROM unnest({arrays}) AS {name} ({', '.join(names)})"
        params = [bindparam(f"{name}_{col}", list(column_values), type_=ARRAY(type_))
                  for (col, type_, _sql), column_values in zip(columns, values)]
    else:
        processors = [type_.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)
                      for _col, type_, _sql in columns]
        listed = json.dumps([[processors[i](v) for i, v in enumerate(row)] for row in rows])
        picked = ", ".join(f"json_extract(value, '$[{i}]') AS {col}" for i, col in enumerate(names))
        sql = f"SELECT {picked} FROM json_each(:{name})"
        params = [bindparam(name, listed)]
    query = text(sql).bindparams(*params).columns(*(column(col, type_) for col, type_, _sql in columns))
    return query.subquery(name)


def _values_table(rows, kind, sql_type, name="buckets"):
    """[(index, start, end), …] (or with a fourth column, a count kind) as a small table
    "buckets" (bucket, starts, ends[, kind]) to join to (_table): each bucket is then one
    index range scan, and no time-zone arithmetic happens in SQL."""
    columns = [("bucket", Integer(), "INTEGER"), ("starts", kind, sql_type), ("ends", kind, sql_type),
               ("kind", Integer(), "INTEGER")]
    return _table(rows, columns[:len(rows[0]) if rows else 3], name)


def _bucket_table(ranges):
    """The buckets' UTC ranges as a table (bucket, starts, ends) of naive-UTC timestamps."""
    return _values_table(ranges, DateTime(), "TIMESTAMP")


def _day_buckets(ranges):
    """The buckets' UTC ranges (Stockholm midnights) as Stockholm days [first, end)."""
    return _values_table([(i, to_local(start).date(), to_local(end).date()) for i, start, end in ranges],
                         Date(), "DATE")


def _received_spans(ranges):
    """The buckets' UTC ranges as Stockholm days [first, end) and the kind to read there:
    a whole ISO week from the weekly counts (daily.WEEK), whole months, quarters and years
    from the received counts rolled up (daily.MONTH, QUARTER, YEAR), the ragged days from
    the daily ones: (bucket, first, end, kind). A bucket that ends after the latest report
    (this week, this month) reads its week or months whole (_months_of)."""
    rows, latest = [], _latest()
    for index, start, end in ranges:
        first, last_end = to_local(start).date(), to_local(end).date()
        open_end = latest is None or latest < end
        week_end = first + timedelta(days=7)
        if first.weekday() == 0 and (last_end == week_end or (open_end and last_end < week_end)):
            rows.append((index, first, week_end, daily.RECEIVED + daily.WEEK))
            continue
        full_from, full_to = _months_of((start, end), latest=latest if latest is not None else datetime.min)
        if full_from >= full_to:
            rows.append((index, first, last_end, daily.RECEIVED))
            continue
        rows += [(index, a, b, daily.RECEIVED) for a, b in ((first, full_from), (full_to, last_end)) if a < b]
        rows += [(index, a, b, daily.RECEIVED + (offset or daily.MONTH)) for offset, a, b in _spans(full_from, full_to)]
    return rows


def _received(ranges, columns, area=None, category_id=None):
    """The received counts of the buckets as one subquery (bucket, the given count columns
    labelled g0…, n), to be summed: whole weeks, months, quarters and years from the
    roll-ups, the ragged days from the daily rows. One join to the buckets per kind read,
    the kind a constant of its index scans (a kind taken from the buckets' table made
    PostgreSQL hash-join the whole counts table: 400 ms for three years of weeks)."""
    spans = _received_spans(ranges)
    parts = []
    for kind in sorted({span[3] for span in spans}) or [daily.RECEIVED]:
        buckets = _values_table([span[:3] for span in spans if span[3] == kind], Date(), "DATE", f"kind{kind}")
        part = select(buckets.c.bucket, *[c.label(f"g{i}") for i, c in enumerate(columns)], Count.n).select_from(
            buckets).join(Count, and_(Count.kind == kind, Count.day >= buckets.c.starts, Count.day < buckets.c.ends))
        if area:
            part = part.where(Count.area == area)
        if category_id:
            part = part.where(Count.category_id == category_id)
        parts.append(part)
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("received")


def _received_per(ranges, column, area=None, category_id=None):
    """[[bucket, value of column, count], …] of the reports received in the buckets."""
    received = _received(ranges, [column], area, category_id)
    query = select(received.c.bucket, received.c.g0, func.sum(received.c.n)).group_by(
        received.c.bucket, received.c.g0)
    return [[b, value, int(n)] for b, value, n in fetch(query) if n]


def received_per_category(ranges, area=None, category_id=None):
    """Reports received in each bucket per category: [[bucket, category_id, count], …]."""
    return _received_per(ranges, Count.category_id, area, category_id)


def received_per_area(ranges, category_id=None):
    """Reports received in each bucket per area: [[bucket, area_slug, count], …]."""
    return _received_per(ranges, Count.area, None, category_id)


def fixed_per_bucket(ranges):
    """Reports set to fixed (by the day they were closed) per bucket: [[bucket, count], …]."""
    found = []
    for bucket, start, end in ranges:
        parts = _histogram_parts((daily.FIXED_CLOSED,), (start, end), ())
        n = fetch(select(func.sum(parts.c.n)))[0][0]  # summed there, not sent here by the hour
        if n:
            found.append([bucket, int(n)])
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
    return [list(row) for row in fetch(query)]


def grid_cells(utc, grid, area=None, category_id=None):
    """Reports with a position per map cell: [[row, col, count], …]. The grid is (south,
    west, cell height in degrees, cell width in degrees, rows, cols) from MAP_BOUNDS. Whole
    months come from the monthly cell counts, the ragged ends from the reports."""
    full_from, full_to = _months_of(utc)
    if full_from >= full_to:
        return _raw_cells(utc, grid, area, category_id)
    cols = grid[5]
    kind = daily.CELLS if area or category_id else daily.CELLS_ALL  # the latter fewer rows
    months = union_all(*_monthly((kind,), full_from, full_to, [], area, category_id)).subquery("months")
    query = select(months.c.hours, func.sum(months.c.n)).group_by(months.c.hours)
    found = {}
    for cell, n in fetch(query):
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


def _spans(full_from, full_to):
    """[(offset, first, end)] covering the whole months [full_from, full_to) with the
    fewest rows: whole years (daily.YEAR), then whole quarters (daily.QUARTER), then
    months (0); neighbours of one size merged into one range."""
    spans, month = [], full_from
    while month < full_to:
        offset, end = next((offset, add_months(month, size)) for offset, size, starts in (
            (daily.YEAR, 12, month.month == 1), (daily.QUARTER, 3, month.month % 3 == 1), (0, 1, True),
        ) if starts and add_months(month, size) <= full_to)
        if spans and spans[-1][0] == offset and spans[-1][2] == month:
            spans[-1] = (offset, spans[-1][1], end)
        else:
            spans.append((offset, month, end))
        month = end
    return spans


def _monthly(kinds, full_from, full_to, columns, area=None, category_id=None):
    """Selects (one per span of _spans) of the monthly kinds' rows in [full_from, full_to):
    columns kind (the monthly kind), the given columns, hours and n."""
    parts = []
    for offset, first, end in _spans(full_from, full_to):
        query = select((Count.kind - offset).label("kind"), *columns, Count.hours.label("hours"),
                       Count.n.label("n")).where(
            Count.kind.in_([kind + offset for kind in kinds]), Count.day >= first, Count.day < end)
        if area:
            query = query.where(Count.area == area)
        if category_id:
            query = query.where(Count.category_id == category_id)
        parts.append(query)
    return parts


def _hours_sql(start, end):
    """Whole hours from start to end, rounded up (as daily._hours), in SQL."""
    secs = epoch_seconds(end) - epoch_seconds(start)
    return case((secs > 0, (secs + 3599) // 3600), else_=-((-secs) // 3600))


def _raw_histogram_query(kind, utc, columns, area=None, category_id=None):
    """The select of _raw_histogram (columns kind, g0…, hours, n)."""
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
    return select(literal(kind, Integer).label("kind"), *grouped, func.count().label("n")).group_by(*grouped)


def _latest(closed=False):
    """The latest time a report was received (with closed, closed) as naive UTC, or None:
    two index look-ups, read once per request (each maximum its own subquery: SQLite looks
    up a lone min or max in an index, but reads every row for two in one select)."""
    def read():
        # "IS NOT NULL", which max implies anyway, lets SQLite use the partial index on closed_at.
        return tuple(fetch(select(*(select(func.max(column)).where(column.is_not(None)).scalar_subquery()
                                    for column in (Report.created_at, Report.closed_at))))[0])

    found = _per_request("latest", (), read) if has_request_context() else read()
    return found[1 if closed else 0]


def _months_of(utc, closed=False, latest=None):
    """(full_from, full_to): the whole months of utc that the roll-ups hold (by received
    time; with closed, by closing time). A period that ends after the latest report
    received (closed), as every period to today does, is as good as running to the end of
    its year: nothing lies between, so its last month, quarter and year are read whole
    (a year to today is one row per key, not three quarters, two months and the days since
    from the reports). `latest` saves reading it again."""
    first, end = to_local(utc[0]).date(), to_local(utc[1]).date()
    full_from = first if first.day == 1 else add_months(first.replace(day=1), 1)
    latest = latest if latest is not None else _latest(closed)
    if latest is None or latest < utc[1]:
        return full_from, date((end - timedelta(days=1)).year + 1, 1, 1)
    return full_from, end.replace(day=1)


def _whole_months(utc, area=None, closed=False):
    """(full_from, full_to, raw): the whole months [full_from, full_to) of utc that the
    histograms' roll-ups hold (_months_of), and the UTC ranges to read from the reports:
    the ragged ends, or everything when there is no whole month or an area is chosen (the
    histograms are not kept per area); full_from is None when nothing comes from the
    roll-ups."""
    full_from, full_to = _months_of(utc, closed)
    if area or full_from >= full_to:
        return None, None, [utc]
    raw = [r for r in ((utc[0], local_midnight_utc(full_from)), (local_midnight_utc(full_to), utc[1]))
           if r[0] < r[1]]
    return full_from, full_to, raw


def _raw_histograms(kinds, periods, groups, area=None, category_id=None):
    """The selects (kind, g0…, hours, n) of the hour histograms of the reports in `periods`."""
    columns = [{"category": Report.category_id,
                "department": func.coalesce(Report.department_id, daily.NO_DEPARTMENT)}[g] for g in groups]
    return [_raw_histogram_query(kind, period, columns, area, category_id) for kind in kinds for period in periods]


def _histogram_parts(kinds, utc, groups, area=None, category_id=None):
    """The hour histograms of the reports received (or, for FIXED_CLOSED, fixed) in utc as
    one subquery (kind, g0…, hours, n) of parts not yet merged: whole years, quarters and
    months from the roll-ups, the ragged ends (and, with an area, everything) from the
    reports; "no department" as NO_DEPARTMENT. A figure that only sums them sums these
    directly; one that needs ranks reads them in two steps (pick_percentiles)."""
    full_from, full_to, raw = _whole_months(utc, area, closed=daily.FIXED_CLOSED in kinds)
    parts = []
    if full_from:
        parts += _monthly(kinds, full_from, full_to, [
            _group_column(g).label(f"g{i}") for i, g in enumerate(groups)], None, category_id)
    parts += _raw_histograms(kinds, raw, groups, area, category_id)
    return union_all(*parts).subquery("histogram_parts")


def _ranks(n):
    """The ranks (from 0) the percentiles need of n values: floor and ceil of (n-1)·p."""
    wanted = set()
    for fraction in PERCENTILES:
        num, den = fraction.numerator, fraction.denominator
        wanted |= {(num * (n - 1)) // den, (num * (n - 1) + den - 1) // den}
    return wanted


def _picked_places(histograms):
    """(key, n, rank, value, place) for each rank the percentiles need of each histogram in
    `histograms` ({key: {value: count}}), walking its values upwards with a running count:
    the rank falls on `value`, as the place-th (from 0) of the values counted there; an
    empty histogram gives nothing."""
    for key, histogram in histograms.items():
        total = sum(histogram.values())
        if total <= 0:
            continue
        wanted, below = sorted(_ranks(total)), 0
        for value in sorted(histogram):
            while wanted and wanted[0] < below + histogram[value]:
                rank = wanted.pop(0)
                yield key, total, rank, value, rank - below
            if not wanted:
                break
            below += histogram[value]


def _picked_ranks(histograms):
    """(key, n, rank, hours) for each rank the percentiles need of each histogram in
    `histograms` ({key: {hours: count}})."""
    for key, total, rank, hours, _place in _picked_places(histograms):
        yield key, total, rank, hours


def _span_days(full_from, full_to):
    """[(offset, day)]: the day of every roll-up row that _spans reads."""
    months = {daily.YEAR: 12, daily.QUARTER: 3, 0: 1}
    found = []
    for offset, first, end in _spans(full_from, full_to):
        day = first
        while day < end:
            found.append((offset, day))
            day = add_months(day, months[offset])
    return found


def _day_blocks(kinds, full_from, full_to, category_id=None):
    """{(kind, category, department): {day block: n}} of the roll-ups' histograms by days."""
    parts = union_all(*_monthly([kind + daily.BY_DAYS for kind in kinds], full_from, full_to, [
        Count.category_id.label("g0"), Count.department_id.label("g1")], None, category_id)).subquery("days")
    grouped = [parts.c.kind, parts.c.g0, parts.c.g1, parts.c.hours]
    found = {}
    for kind, category, department, block, n in fetch(
            select(*grouped, cast(func.sum(parts.c.n), Integer)).group_by(*grouped)):
        if n:
            found.setdefault((kind - daily.BY_DAYS, category, department), {})[block] = n
    return found


def _hours_in_blocks(wanted, full_from, full_to):
    """[(kind, category, department, hours, n)] of the roll-ups' hour histograms in the
    `wanted` (kind, category, department, day block): one index range per block and roll-up
    row's day, joined from a small table."""
    blocks = _table(
        [(kind, kind + offset, day, category, department, (block - 1) * daily.DAY_HOURS, block * daily.DAY_HOURS)
         for kind, category, department, block in sorted(wanted) for offset, day in _span_days(full_from, full_to)],
        [("metric", Integer(), "INTEGER"), ("kind", Integer(), "INTEGER"), ("day", Date(), "DATE"),
         ("category", Integer(), "INTEGER"), ("department", Integer(), "INTEGER"),
         ("low", Integer(), "INTEGER"), ("high", Integer(), "INTEGER")], "blocks")
    grouped = [blocks.c.metric, blocks.c.category, blocks.c.department, Count.hours]
    query = select(*grouped, cast(func.sum(Count.n), Integer)).select_from(blocks).join(Count, and_(
        Count.kind == blocks.c.kind, Count.day == blocks.c.day, Count.category_id == blocks.c.category,
        Count.department_id == blocks.c.department, Count.area == "",
        Count.hours > blocks.c.low, Count.hours <= blocks.c.high,
    )).group_by(*grouped)
    return fetch(query)


def pick_percentiles(kinds, utc, groupings, area=None, category_id=None, by=("category", "department")):
    """The ranks the percentiles need of the hour histograms of `kinds` for the reports
    received (FIXED_CLOSED: fixed) in utc, per group of each grouping (a function
    (category, department as stored) → group): one list [(kind, group, n, rank, hours), …]
    per grouping.

    Read in two steps, so that three years at a million reports need not send every hour
    (some 13,000 rows merged from 50,000): first the histograms by whole days (the roll-ups'
    *_DAYS kinds, a tenth of the rows), which give each wanted rank's day block and its
    place there; then only those blocks' hours, a few dozen rows each. The ragged ends (with
    an area, everything) are read by the hour from the reports and count in both steps,
    grouped `by` category and department (with by=(), as one: category and department 0,
    as FIXED_CLOSED is kept)."""
    full_from, full_to, raw = _whole_months(utc, area, closed=daily.FIXED_CLOSED in kinds)
    rolled = _day_blocks(kinds, full_from, full_to, category_id) if full_from else {}
    blocks = {key: dict(histogram) for key, histogram in rolled.items()}
    hours = {}  # (kind, category, department, block) → {hours: n}
    raw_parts = _raw_histograms(kinds, raw, by, area, category_id)
    for kind, *grouped, hour, n in fetch(union_all(*raw_parts)) if raw_parts else ():
        category, department = grouped or (0, 0)
        block = daily.day_block(hour)
        histogram = blocks.setdefault((kind, category, department), {})
        histogram[block] = histogram.get(block, 0) + n
        found = hours.setdefault((kind, category, department, block), {})
        found[hour] = found.get(hour, 0) + n
    needs = []
    for index, group_of in enumerate(groupings):
        merged = {}
        for (kind, category, department), histogram in blocks.items():
            target = merged.setdefault((kind, group_of(category, department)), {})
            for block, n in histogram.items():
                target[block] = target.get(block, 0) + n
        needs += [(index, kind, grp, total, rank, block, place)
                  for (kind, grp), total, rank, block, place in _picked_places(merged)]
    members = {}  # (grouping, kind, group, block) → the (kind, category, department) counted there
    for index, kind, grp, _total, _rank, block, _place in needs:
        members[(index, kind, grp, block)] = [key for key, histogram in blocks.items() if key[0] == kind
                                              and groupings[index](*key[1:]) == grp and histogram.get(block)]
    wanted = {(*key, block) for (_index, _kind, _grp, block), keys in members.items()
              for key in keys if rolled.get(key, {}).get(block)}
    for kind, category, department, hour, n in _hours_in_blocks(wanted, full_from, full_to) if wanted else ():
        found = hours.setdefault((kind, category, department, daily.day_block(hour)), {})
        found[hour] = found.get(hour, 0) + n
    picked = [[] for _grouping in groupings]
    for index, kind, grp, total, rank, block, place in needs:
        histogram = {}
        for key in members[(index, kind, grp, block)]:
            for hour, n in hours.get((*key, block), {}).items():
                histogram[hour] = histogram.get(hour, 0) + n
        below = 0
        for hour in sorted(histogram):
            below += histogram[hour]
            if place < below:
                picked[index].append((kind, grp, total, rank, hour))
                break
        else:  # a report changed between the two reads (each statement sees its own moment)
            picked[index].append((kind, grp, total, rank, max(histogram, default=block * daily.DAY_HOURS)))
    return picked


def _percentile_rows(kinds, utc, metrics, area=None, category_id=None):
    """{"category": rows, "department": rows}: the rows percentiles() reads, for both
    groupings at once (pick_percentiles)."""
    by_category, by_department = pick_percentiles(
        kinds, utc, (lambda category, _department: category, lambda _category, department: _group_value(department)),
        area, category_id)
    return {name: [[metrics[kind], grp, total, rank, hours * 3600] for kind, grp, total, rank, hours in rows]
            for name, rows in (("category", by_category), ("department", by_department))}


def _per_request(name, args, compute):
    """compute() once per request for the same args (both groupings share one query)."""
    memo = flask_g.setdefault("lagesbild_queries", {})
    key = (name, *args)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def handling_percentiles(utc, group, area=None, category_id=None):
    """Rows for the median and 90th percentile of time to first response and to fixed
    (whole hours, rounded up, from the daily histograms)."""
    kinds = (daily.RESPONSE, daily.FIXED)
    metrics = {daily.RESPONSE: RESPONSE, daily.FIXED: FIXED}
    return _per_request("percentiles", (utc, area, category_id),
                        lambda: _percentile_rows(kinds, utc, metrics, area, category_id))[group]


def fixed_percentiles(closed_utc):
    """Rows for the median time to fixed of the reports fixed (closed) in the period."""
    (picked,) = pick_percentiles((daily.FIXED_CLOSED,), closed_utc, (lambda _category, _department: 0,), by=())
    return [[FIXED, 0, total, rank, hours * 3600] for _kind, _grp, total, rank, hours in picked]


def percentiles(rows):
    """{(metric, grp): {"n": n, Fraction(1, 2): seconds, …}} from [[metric, grp, n,
    rank, seconds], …] (rank from 0: only the values a percentile needs), by
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


def _levels():
    """[(category id, service level in hours)] of the categories with a level."""
    return fetch(select(Category.id, Category.service_level_hours).where(
        Category.service_level_hours.is_not(None)))


def _closed_within(utc, area=None, category_id=None):
    """[(category, department, closed, closed within the category's level)] of the reports
    received in utc, for categories with a level, summed in the database. Whole months are
    read by day blocks (daily.CLOSED_DAYS): a block is within a level when all of it is
    (b · 24 ≤ level), and for a level inside a block that block's hours up to the level are
    read by the hour; the ragged ends (with an area, everything) come from the reports, by
    the hour (hours ≤ level is exactly "within", whole hours rounded up)."""
    levels = _levels()
    if not levels:
        return []
    counted = [cat_id for cat_id, _hours in levels]
    full_from, full_to, raw = _whole_months(utc, area)
    groups = [Count.category_id.label("g0"), Count.department_id.label("g1")]

    def level(parts):
        return case(*[(parts.c.g0 == cat_id, hours) for cat_id, hours in levels])

    selects = []
    if full_from:
        blocks = union_all(*_monthly((daily.CLOSED_DAYS,), full_from, full_to, groups, None, category_id)).subquery()
        selects.append(select(blocks.c.g0, blocks.c.g1, blocks.c.n.label("n"), case(
            (blocks.c.hours * daily.DAY_HOURS <= level(blocks), blocks.c.n), else_=0).label("within")))
        inside = [(cat_id, hours) for cat_id, hours in levels if hours % daily.DAY_HOURS]
        if inside:
            hours = union_all(*_monthly((daily.CLOSED,), full_from, full_to, groups, None, category_id)).subquery()
            block_start = {cat_id: (daily.day_block(level_hours) - 1) * daily.DAY_HOURS
                           for cat_id, level_hours in inside}
            selects.append(select(hours.c.g0, hours.c.g1, literal(0, Integer).label("n"), hours.c.n.label("within"))
                           .where(or_(*[and_(hours.c.g0 == cat_id, hours.c.hours > block_start[cat_id],
                                             hours.c.hours <= level_hours) for cat_id, level_hours in inside])))
    raw_parts = _raw_histograms((daily.CLOSED,), raw, ("category", "department"), area, category_id)
    if raw_parts:
        reports = union_all(*raw_parts).subquery()
        selects.append(select(reports.c.g0, reports.c.g1, reports.c.n.label("n"), case(
            (reports.c.hours <= level(reports), reports.c.n), else_=0).label("within")))
    parts = union_all(*[part.where(part.selected_columns.g0.in_(counted)) for part in selects]).subquery()
    query = select(parts.c.g0, parts.c.g1, func.sum(parts.c.n), func.sum(parts.c.within)).group_by(
        parts.c.g0, parts.c.g1)
    return [(cat_id, department_id, int(n), int(n_within))
            for cat_id, department_id, n, n_within in fetch(query)]


def _open_past_level(utc, as_of_epoch, area=None, category_id=None):
    """[(category, department, n)] of the reports received in utc still open past their
    category's service level at as_of (both groupings from one query). Past the level is
    as_of − received > level in whole seconds, that is received before as_of − level: one
    cut-off per category, compared with the received time as the index holds it (no
    arithmetic on each of the tens of thousands of open reports of three years)."""
    levels = _levels()
    if not levels:
        return []
    as_of = datetime.fromtimestamp(as_of_epoch, UTC).replace(tzinfo=None)
    cutoff = case(*[(Report.category_id == cat_id, literal(as_of - timedelta(hours=hours), DateTime()))
                    for cat_id, hours in levels])
    query = (
        select(Report.category_id, Report.department_id, func.count())
        .where(Report.closed_at.is_(None), Report.category_id.in_([cat_id for cat_id, _hours in levels]),
               Report.created_at < cutoff, _in_range(Report.created_at, utc), *_where(area, category_id))
        .group_by(Report.category_id, Report.department_id)
    )
    return fetch(query)


def _received_groups(utc, area=None, category_id=None):
    """[(category, department, count)] of the reports received in utc: both groupings of
    the service level from one query."""
    received = _received([(0, *utc)], [Count.category_id, Count.department_id], area, category_id)
    query = select(received.c.g0, received.c.g1, func.sum(received.c.n)).group_by(received.c.g0, received.c.g1)
    return [(category, department, int(n)) for category, department, n in fetch(query) if n]


def service_level_share(utc, group, as_of_epoch, area=None, category_id=None):
    """Per group: reports received in the period, those closed within their category's
    service level, and those decided (closed, or open past the level at as_of):
    [[grp, reports, within, decided], …]. Closed reports come from the histograms of hours
    to closing (hours ≤ level is exactly "within", whole hours rounded up); the open ones,
    few, from the reports."""
    received = {}
    for cat_id, department_id, n in _per_request(
            "received_groups", (utc, area, category_id), lambda: _received_groups(utc, area, category_id)):
        grp = cat_id if group == "category" else _group_value(department_id)
        received[grp] = received.get(grp, 0) + n
    # Closed reports: the histogram of hours to closing, against each report's category's
    # level (per department too), summed in the database.
    within, decided = {}, {}
    for cat_id, department_id, n, n_within in _per_request(
            "closed_within", (utc, area, category_id), lambda: _closed_within(utc, area, category_id)):
        grp = cat_id if group == "category" else _group_value(department_id)
        decided[grp] = decided.get(grp, 0) + n
        within[grp] = within.get(grp, 0) + n_within
    for cat_id, department_id, n in _per_request(
            "open_past", (utc, as_of_epoch, area, category_id),
            lambda: _open_past_level(utc, as_of_epoch, area, category_id)):
        grp = cat_id if group == "category" else department_id
        decided[grp] = decided.get(grp, 0) + n
    return [[g, n, within.get(g, 0), decided.get(g, 0)] for g, n in received.items()]


def fingerprint_columns():
    """Cheap values that change whenever a report is added or changed (updated_at is set
    by every change; both maxima are index look-ups), as scalar subqueries."""
    return [select(func.max(Report.updated_at)).scalar_subquery(), select(func.max(Report.id)).scalar_subquery()]
