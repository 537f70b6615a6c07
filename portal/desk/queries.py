"""Finding reports for staff: the queue with its filters, what needs attention, nearby."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, false, func, literal_column, or_
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.permissions import handles, visible_to
from portal.desk import search
from portal.extensions import db
from portal.metoo import services as metoo
from portal.periods import utc_range
from portal.reports.models import (
    CLOSED_STATUSES,
    Category,
    Report,
    ReportStatus,
    parse_reference,
    reference_condition,
)
from portal.reports.nearby import reports_near
from portal.reports.tally import QueueTally
from portal.timeutil import utcnow

NOT_STARTED = (ReportStatus.RECEIVED, ReportStatus.CONFIRMED)


def _written_out(statuses):
    """Statuses as literal SQL values for IN (…), in the order the partial indexes name
    them: SQLite uses a partial index only when the query's condition visibly implies the
    index's, which a bound parameter never does (the overview's overdue count read all of
    a million reports there)."""
    return [literal_column(f"'{status.value}'") for status in statuses]


# The condition of the partial index ix_report_open. ("waiting" keeps bound parameters for
# its count: written out, SQLite's planner counted from a worse index, 4 ms became 90 ms;
# its list, oldest first, is the partial index ix_report_waiting's own condition, see
# ATTENTION_LIST.)
OPEN = Report.status.not_in(_written_out(sorted(CLOSED_STATUSES, key=lambda status: status.value)))
SORT_ME_TOO = "jag-ocksa"


@dataclass
class QueueFilter:
    status: ReportStatus | None = None
    category_id: int | None = None
    department_id: int | None = None  # 0 means "no department yet"
    received_from: date | None = None
    received_to: date | None = None
    text: str | None = None
    attention: str | None = None
    sort: str | None = None  # "jag-ocksa": most "me too" first


def overdue_condition(now=None):
    """Open reports older than their category's service level (one cut-off per category,
    so the comparison stays plain SQL on SQLite and PostgreSQL)."""
    now = now or utcnow()
    levels = db.session.execute(
        db.select(Category.id, Category.service_level_hours).where(
            Category.service_level_hours.is_not(None)
        )
    ).all()
    if not levels:
        return false()
    return and_(
        OPEN,
        or_(*[
            and_(Report.category_id == cid, Report.created_at < now - timedelta(hours=hours))
            for cid, hours in levels
        ]),
    )


ATTENTION = {
    "new": lambda: Report.status == ReportStatus.RECEIVED,
    "overdue": overdue_condition,
    "unrouted": lambda: and_(OPEN, Report.department_id.is_(None)),
    "waiting": lambda: and_(
        Report.department_id.is_not(None),
        Report.assigned_to_id.is_(None),
        Report.status.in_(NOT_STARTED),
    ),
}
# Where the oldest few are read by another condition than the count: "waiting" as written
# in ix_report_waiting, which SQLite then reads in order (a million reports: 250 ms to 1 ms).
ATTENTION_LIST = {
    "waiting": lambda: and_(
        Report.department_id.is_not(None),
        Report.assigned_to_id.is_(None),
        Report.status.in_(_written_out(NOT_STARTED)),
    ),
}


def queue(user, wanted):
    """The reports `user` may handle, newest first, narrowed by `wanted` (a QueueFilter).
    The queue page has loaded every category and department for its filter, so a row's
    category and department come from the session without a query; the assignees are
    loaded together, and each row's "me too" count in the same query."""
    query = visible_to(user, db.select(Report)).options(selectinload(Report.assigned_to), metoo.with_count())
    if wanted.status:
        query = query.where(Report.status == wanted.status)
    if wanted.category_id:
        query = query.where(Report.category_id == wanted.category_id)
    if wanted.department_id == 0:
        query = query.where(Report.department_id.is_(None))
    elif wanted.department_id:
        query = query.where(Report.department_id == wanted.department_id)
    start, end = utc_range(wanted.received_from, wanted.received_to)
    if start:
        query = query.where(Report.created_at >= start)
    if end:
        query = query.where(Report.created_at < end)
    if wanted.text:
        query = query.where(_text_matches(wanted.text))
    if wanted.attention in ATTENTION:
        query = query.where(ATTENTION[wanted.attention]())
    if wanted.sort == SORT_ME_TOO:
        votes = metoo.count_subquery()
        query = query.outerjoin(votes, votes.c.report_id == Report.id).order_by(
            func.coalesce(votes.c.me_too, 0).desc())
    return query.order_by(Report.created_at.desc(), Report.id.desc())


def queue_count(user, wanted):
    """How many reports queue(user, wanted) lists, summed from the kept queue_tally
    (portal.reports.tally) when the filter is one the tally can answer (status, category,
    department, the order); None for a period, a text or an overview section, which
    count the reports themselves."""
    if wanted.received_from or wanted.received_to or wanted.text or wanted.attention:
        return None
    query = db.select(func.coalesce(func.sum(QueueTally.n), 0))
    handled = handles(user, QueueTally.department_id, QueueTally.assigned_to_id)
    if handled is not None:
        query = query.where(handled)
    if wanted.status:
        query = query.where(QueueTally.status == wanted.status.value)
    if wanted.category_id:
        query = query.where(QueueTally.category_id == wanted.category_id)
    if wanted.department_id is not None:
        query = query.where(QueueTally.department_id == wanted.department_id)  # 0: none yet
    return db.session.scalar(query)


def _text_matches(text):
    parsed = parse_reference(text)
    if parsed is not None and parsed[0] is not None:
        # A whole case number with its year ("TR-2025-00042") names one report: its
        # primary key (and year) alone, without the full-text probe and substring scan.
        return reference_condition(parsed)
    # Full text (Swedish words), or the substring when that finds nothing (search.py); a
    # number alone ("42") may also be a case number without its year.
    conditions = [search.text_condition(text.strip().lower())]
    if parsed is not None:
        conditions.append(reference_condition(parsed))
    return or_(*conditions)


def attention(user, limit=8):
    """For the overview: each kind of report that needs attention, its count and the
    oldest few (they have waited longest), each with its category and department joined
    in (a query per section, not three)."""
    sections = {}
    for key, condition in ATTENTION.items():
        query = visible_to(user, db.select(Report)).where(condition())
        # count(*), not count(id): answered from the partial indexes alone (no heap visits).
        count = db.session.scalar(query.with_only_columns(func.count()).order_by(None))
        listed = visible_to(user, db.select(Report)).where(ATTENTION_LIST[key]()) if key in ATTENTION_LIST else query
        items = db.session.scalars(
            listed.options(joinedload(Report.category), joinedload(Report.department))
            .order_by(Report.created_at).limit(limit)
        ).all()
        sections[key] = (count, items)
    return sections


def is_overdue(report, now=None):
    hours = report.category.service_level_hours
    if hours is None or report.status.is_closed:
        return False
    return report.created_at < (now or utcnow()) - timedelta(hours=hours)


def nearby(user, report, limit=10):
    """Other reports near this one in the last year, nearest first (same category marked);
    without a position, recent reports of the same category with the same place words."""
    query = visible_to(user, db.select(Report)).where(Report.id != report.id).options(
        selectinload(Report.category)
    )
    since = utcnow() - timedelta(days=365)
    query = query.where(Report.created_at >= since)
    if report.lat is None:
        if not report.place:
            return []
        found = db.session.scalars(
            query.where(
                Report.category_id == report.category_id,
                func.lower(Report.place) == report.place.lower(),
            ).order_by(Report.created_at.desc()).limit(limit)
        ).all()
        return [(other, None) for other in found]
    return reports_near(query, report.lat, report.lon, current_app.config["REPORT_NEARBY_METRES"],
                        limit, prefer_category=report.category_id, options=[selectinload(Report.category)])
