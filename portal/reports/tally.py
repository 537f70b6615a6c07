"""How many reports a list holds, without counting them: the public reports per category
and status (report_tally, for /rapporter), and every report per category, department,
assignee and status (queue_tally, for the staff queue, portal.desk.queries.queue_count),
each kept in the same transaction as the change.

At a million reports the list's "500 000 rapporter" was an index count of half a million
entries on every view (about 70 ms, most of the page); from the tally it is a sum of at
most categories × statuses rows, exact whatever the filter (/rapporter filters by category
and status only). The staff queue's "1 000 000 reports" unfiltered was a count of the
whole table on every view (100 ms of its 160).

Kept by an after_flush listener (registered by portal.reports.init_app; the mechanism is
portal.common.flushed.KeptCount) that adds, for each flushed report, the difference between
the key it counts under now and the one it counted under when loaded or last flushed, as
the lägesbild's counts are kept (portal.lagesbild.daily). Bulk writers that go around the
ORM (the demo generator, the benchmarks) call rebuild() after their insert, in the same
transaction; migrations i20_tally and i31_queue_tally fill the tables.
"""
from sqlalchemy import Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.common.flushed import KeptCount
from portal.extensions import db
from portal.reports.models import Report

FIELDS = ("is_published", "is_hidden", "category_id", "status")
QUEUE_FIELDS = ("category_id", "department_id", "assigned_to_id", "status")


class ReportTally(db.Model):
    __tablename__ = "report_tally"

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


class QueueTally(db.Model):
    """Every report per category, department and assignee (0 for none) and status."""
    __tablename__ = "queue_tally"

    category_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    department_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    assigned_to_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


def key_of(is_published, is_hidden, category_id, status):
    """The (category, status) a report counts under, or None when it is not public."""
    if not is_published or is_hidden or category_id is None or status is None:
        return None
    return category_id, getattr(status, "value", status)


def queue_key_of(category_id, department_id, assigned_to_id, status):
    """The queue_tally key of a report (every report counts)."""
    if category_id is None or status is None:
        return None
    return category_id, department_id or 0, assigned_to_id or 0, getattr(status, "value", status)


def public_count(category_id=None, status=None):
    """The number of reports Report.public() holds, filtered as /rapporter filters."""
    query = select(func.coalesce(func.sum(ReportTally.n), 0))
    if category_id:
        query = query.where(ReportTally.category_id == category_id)
    if status:
        query = query.where(ReportTally.status == getattr(status, "value", status))
    return db.session.scalar(query)


def rebuild(connection=None):
    """Count the reports anew, both tallies (after a bulk insert that went around the ORM)."""
    connection = connection or db.session.connection()
    table = ReportTally.__table__
    connection.execute(table.delete())
    connection.execute(table.insert().from_select(
        ["category_id", "status", "n"],
        Report.public().with_only_columns(Report.category_id, Report.status, func.count()).group_by(
            Report.category_id, Report.status)))
    queue = QueueTally.__table__
    department, assignee = func.coalesce(Report.department_id, 0), func.coalesce(Report.assigned_to_id, 0)
    connection.execute(queue.delete())
    connection.execute(queue.insert().from_select(
        ["category_id", "department_id", "assigned_to_id", "status", "n"],
        select(Report.category_id, department, assignee, Report.status, func.count()).group_by(
            Report.category_id, department, assignee, Report.status)))


KEPT = KeptCount(Report, FIELDS, key_of, ReportTally.__table__, ("category_id", "status"))
KEPT_QUEUE = KeptCount(Report, QUEUE_FIELDS, queue_key_of, QueueTally.__table__, QUEUE_FIELDS)


def init_app(_app):
    """Keep the tallies with every report change made through the ORM (once per process)."""
    KEPT.listen(db.session)
    KEPT_QUEUE.listen(db.session)
