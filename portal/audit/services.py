"""Write to the audit log in the same transaction as the change it describes."""
from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit.models import AuditEntry
from portal.extensions import db


def record(action, summary, *, report=None, reason=None, details=None, actor=None, actor_name=None):
    """Add one entry: `action` is a short code for filtering, `summary` says what happened.

    The actor is the logged-in staff member unless given; outside a request (a command)
    it is the system; `actor_name` names a client system (an Open311 key) instead.
    Never put a reporter's or walker's personal data in an entry.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(
        actor=actor,
        actor_name=actor.name if actor else (actor_name or _("System")),
        action=action,
        report_id=report.id if report is not None else None,
        summary=summary,
        reason=(reason or "").strip() or None,
        details=details,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
