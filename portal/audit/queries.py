"""Reading the audit log: the filtered, newest-first select and the choices for the filter."""
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.audit import tally
from portal.audit.forms import SYSTEM
from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.periods import utc_range


def log_entries(actor=None, action=None, report_id=None, first_day=None, last_day=None):
    """Entries newest first; `actor` is a user id as text or SYSTEM, days are Stockholm days."""
    query = (
        db.select(AuditEntry)
        .options(joinedload(AuditEntry.report))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if actor == SYSTEM:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif actor:
        query = query.where(AuditEntry.actor_id == int(actor))
    if action:
        query = query.where(AuditEntry.action == action)
    if report_id is not None:
        query = query.where(AuditEntry.report_id == report_id)
    start, end = utc_range(first_day, last_day)
    if start:
        query = query.where(AuditEntry.created_at >= start)
    if end:
        query = query.where(AuditEntry.created_at < end)
    return query


def tallied_count(actor=None, action=None, report_id=None, first_day=None, last_day=None):
    """A function giving the number of log_entries() with these filters from the tally, or
    None when they need counting (a case or days: index ranges of those entries)."""
    if report_id is not None or first_day or last_day:
        return None
    system = actor == SYSTEM
    return lambda: tally.counted(None if system or not actor else int(actor), action, system=system)


def log_actors():
    """Every account, deactivated ones too: their entries stay in the log."""
    return db.session.scalars(db.select(User).order_by(User.name, User.id)).all()


def log_actions():
    """The action codes that occur in the log, so the filter never offers an empty choice.

    One index look-up per code, the next code after the last (a "loose index scan"): the
    log has millions of entries and a few dozen codes, and SELECT DISTINCT would read the
    whole index (214 ms at five million entries on PostgreSQL)."""
    action = AuditEntry.action
    first = db.select(func.min(action).label("code")).cte("codes", recursive=True)
    following = db.select(
        db.select(func.min(action)).where(action > first.c.code).scalar_subquery()
    ).where(first.c.code.is_not(None))
    codes = first.union_all(following)
    return db.session.scalars(db.select(codes.c.code).where(codes.c.code.is_not(None))).all()
