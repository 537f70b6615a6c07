"""Reading the audit log: the filtered, newest-first select and the choices for the filter."""
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
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


def log_actors():
    """Every account, deactivated ones too: their entries stay in the log."""
    return db.session.scalars(db.select(User).order_by(User.name, User.id)).all()


def log_actions():
    """The action codes that occur in the log, so the filter never offers an empty choice."""
    return db.session.scalars(
        db.select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
