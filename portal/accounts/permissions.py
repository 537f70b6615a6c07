"""Who may do what: one decorator for every staff route, one rule for which reports."""
from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import false

from portal.accounts.models import Role
from portal.extensions import login_manager
from portal.reports.models import Report


def staff_required(*roles):
    """Log in first; then the account's role must be one of `roles` (coordinators pass
    every check). With no roles, any active staff account will do."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.staff_roles = roles or tuple(Role)
        return wrapped

    return decorate


def can_handle(user, report):
    """Coordinators handle every report; handlers those routed to their departments or
    assigned to them."""
    if user.role is Role.COORDINATOR:
        return True
    if user.role is Role.HANDLER:
        return report.department_id in user.department_ids or report.assigned_to_id == user.id
    return False


def visible_to(user, query):
    """Limit a query of reports to those the user may handle."""
    condition = handles(user, Report.department_id, Report.assigned_to_id)
    return query if condition is None else query.where(condition)


def handles(user, department, assignee):
    """The one rule, on any table with a report's department and assignee columns (the
    reports, the queue's tally): None for every report (the coordinator), else a
    condition; a handler handles their departments' reports and those assigned to them."""
    if user.role is Role.COORDINATOR:
        return None
    if user.role is Role.HANDLER:
        return department.in_(user.department_ids) | (assignee == user.id)
    return false()
