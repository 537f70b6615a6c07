"""How many reports /rapporter lists, without counting them: the public reports per
category and status, kept in table report_tally in the same transaction as the change.

At a million reports the list's "500 000 rapporter" was an index count of half a million
entries on every view (about 70 ms, most of the page); from the tally it is a sum of at
most categories × statuses rows, exact whatever the filter (/rapporter filters by category
and status only).

Kept by an after_flush listener (registered by portal.reports.init_app) that adds, for each
flushed report, the difference between the key it counts under now and the one it counted
under when loaded or last flushed, as the lägesbild's counts are kept
(portal.lagesbild.daily). Bulk writers that go around the ORM (the demo generator, the
benchmarks) call rebuild() after their insert, in the same transaction; migration
i20_tally fills the table.
"""
from collections import Counter

from sqlalchemy import Integer, String, event, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.common.flushed import add_counts, committed_values
from portal.extensions import db
from portal.reports.models import Report

FIELDS = ("is_published", "is_hidden", "category_id", "status")
_SNAPSHOT = "_tally_counted"  # the FIELDS a loaded report already counts under


class ReportTally(db.Model):
    __tablename__ = "report_tally"

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


def key_of(is_published, is_hidden, category_id, status):
    """The (category, status) a report counts under, or None when it is not public."""
    if not is_published or is_hidden or category_id is None or status is None:
        return None
    return category_id, getattr(status, "value", status)


def public_count(category_id=None, status=None):
    """The number of reports Report.public() holds, filtered as /rapporter filters."""
    query = select(func.coalesce(func.sum(ReportTally.n), 0))
    if category_id:
        query = query.where(ReportTally.category_id == category_id)
    if status:
        query = query.where(ReportTally.status == getattr(status, "value", status))
    return db.session.scalar(query)


def _loaded(report, _context):
    """A report read with all FIELDS already counts under them (kept as they are)."""
    if all(name in report.__dict__ for name in FIELDS):
        report.__dict__[_SNAPSHOT] = tuple(report.__dict__[name] for name in FIELDS)


def _before(report):
    """The key a flushed report counted under before this flush."""
    if _SNAPSHOT in report.__dict__:
        return key_of(*report.__dict__[_SNAPSHOT])
    return key_of(*committed_values(report, FIELDS))


def _after_flush(session, _flush_context):
    changes = Counter()
    new = [o for o in session.new if isinstance(o, Report)]
    for report in new + [o for o in session.dirty if isinstance(o, Report) and session.is_modified(o)]:
        now = tuple(getattr(report, name) for name in FIELDS)
        changes[key_of(*now)] += 1
        if report not in new:
            changes[_before(report)] -= 1
        report.__dict__[_SNAPSHOT] = now
    for report in session.deleted:
        if isinstance(report, Report):
            changes[_before(report)] -= 1
    changes.pop(None, None)
    rows = [{"category_id": category, "status": status, "n": delta}
            for (category, status), delta in changes.items() if delta]
    add_counts(session.connection(), ReportTally.__table__, ("category_id", "status"), rows)


def rebuild(connection=None):
    """Count the public reports anew (after a bulk insert that went around the ORM)."""
    connection = connection or db.session.connection()
    table = ReportTally.__table__
    connection.execute(table.delete())
    connection.execute(table.insert().from_select(
        ["category_id", "status", "n"],
        Report.public().with_only_columns(Report.category_id, Report.status, func.count()).group_by(
            Report.category_id, Report.status)))


def init_app(_app):
    """Keep the tally with every report change made through the ORM (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(Report, "load", _loaded)
