"""Adult presence (the evening walks) as SQL aggregates, grouped in the database.

Walks are bucketed by when they start (naive UTC against the buckets' UTC ranges, so a
Sunday walk 21.00–23.30 Stockholm time belongs to that Sunday's ISO week) and placed in
an area by their meeting point, or by the area chosen in the walk form when the meeting
point has no position (portal.areas.walk_area_case). Only counts leave the database:
never a walker's name, email or phone.
"""
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select

from portal.areas import walk_area_case
from portal.guards.models import GuardShift
from portal.lagesbild.queries import _bucket_table, _day_buckets, epoch_seconds, fetch
from portal.walks.models import WalkReport, WalkSignup, WalkSlot
from portal.walks.tally import WalkTally


def _slots_in_buckets(ranges, *columns):
    buckets = _bucket_table(ranges)
    query = select(
        buckets.c.bucket,
        walk_area_case(WalkSlot.meeting_lat, WalkSlot.meeting_lon, WalkSlot.area).label("area"),
        *columns,
    ).select_from(buckets).join(
        WalkSlot, and_(WalkSlot.starts_at >= buckets.c.starts, WalkSlot.starts_at < buckets.c.ends)
    )
    return query


def walks_held(ranges, as_of):
    """Walks held per bucket and area: [[bucket, area, walks, walkers, walker_seconds], …].
    A walk is held when it is not cancelled, has started (by as_of, naive UTC) and had at
    least one confirmed walker not marked absent. "Started by as_of" cuts the buckets
    (timestamps are whole microseconds) rather than being a condition of its own, which
    SQLite took as the upper bound of each bucket's index range instead of the bucket's end
    (a range to as_of per bucket: 300 ms for three years of weeks)."""
    just_after = as_of + timedelta(microseconds=1)
    ranges = [(index, start, min(end, just_after)) for index, start, end in ranges if start < just_after]
    duration = epoch_seconds(WalkSlot.ends_at) - epoch_seconds(WalkSlot.starts_at)
    inner = (
        _slots_in_buckets(ranges, WalkTally.n.label("walkers"), (WalkTally.n * duration).label("seconds"))
        .join(WalkTally, WalkTally.slot_id == WalkSlot.id)  # walkers per slot, kept by portal.walks.tally
        .where(WalkSlot.cancelled_at.is_(None), WalkTally.n > 0)
        .subquery()
    )
    query = select(
        inner.c.bucket, inner.c.area, func.count(), func.sum(inner.c.walkers), func.sum(inner.c.seconds)
    ).group_by(inner.c.bucket, inner.c.area)
    return [[b, a, n, int(w or 0), int(s or 0)] for b, a, n, w, s in fetch(query)]


def _filled(column):
    return func.length(func.trim(func.coalesce(column, ""))) > 0


def walk_reports(ranges):
    """Walk reports per bucket and area of their walk: [[bucket, area, reports, youths met,
    with observations or incidents, police or 112 called], …]."""
    observed = case((or_(_filled(WalkReport.observations), _filled(WalkReport.incidents)), 1), else_=0)
    called = case((or_(WalkReport.police_called, WalkReport.emergency_called), 1), else_=0)
    inner = (
        _slots_in_buckets(ranges, WalkReport.youths_met.label("youths"),
                          observed.label("observed"), called.label("called"))
        .join(WalkReport, WalkReport.slot_id == WalkSlot.id)
        .subquery()
    )
    query = select(
        inner.c.bucket, inner.c.area, func.count(), func.sum(inner.c.youths),
        func.sum(inner.c.observed), func.sum(inner.c.called),
    ).group_by(inner.c.bucket, inner.c.area)
    return [[b, a, n, int(y or 0), int(o or 0), int(c or 0)] for b, a, n, y, o, c in fetch(query)]


def guard_shifts(ranges):
    """Guard shifts per bucket and area (by the Stockholm day of the evening):
    [[bucket, area, planned minutes, delivered minutes, incidents], …]."""
    buckets = _day_buckets(ranges)
    incidents = GuardShift.vandalism + GuardShift.disturbance + GuardShift.police + GuardShift.other
    query = select(
        buckets.c.bucket, GuardShift.area, func.sum(GuardShift.planned_minutes),
        func.sum(GuardShift.delivered_minutes), func.sum(incidents),
    ).select_from(buckets).join(
        GuardShift, and_(GuardShift.day >= buckets.c.starts, GuardShift.day < buckets.c.ends)
    ).group_by(buckets.c.bucket, GuardShift.area)
    return [[b, a, int(p or 0), int(d or 0), int(i or 0)] for b, a, p, d, i in fetch(query)]


def fingerprint_columns():
    """Cheap values that change with any walk change, as scalar subqueries: slots carry
    updated_at (marking attendance touches it), sign-ups change by being added, promoted or
    cancelled, walk reports by being added, guard shifts by being added or changed."""
    return [select(aggregate).scalar_subquery() for aggregate in (
        func.max(WalkSlot.updated_at), func.max(WalkSlot.id),
        func.max(WalkSignup.id), func.max(WalkSignup.promoted_at), func.max(WalkSignup.cancelled_at),
        func.max(WalkReport.id), func.max(WalkReport.submitted_at),
        func.max(GuardShift.id), func.max(GuardShift.updated_at), func.count(GuardShift.id),
    )]
