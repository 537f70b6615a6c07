"""The rules for Trygga chefer: meetings, minutes, actions and their status, each written
to the audit log. Services flush; routes commit."""
from flask_babel import gettext as _

from portal.accounts.models import Role, User
from portal.audit.services import record
from portal.common.rules import RuleError
from portal.extensions import db
from portal.group.models import ActionStatus, GroupAction, GroupMeeting
from portal.reports.models import Department
from portal.timeutil import utcnow


def create_meeting(held_on, title):
    meeting = GroupMeeting(held_on=held_on, title=title, minutes="")
    db.session.add(meeting)
    db.session.flush()
    record("group_meeting_created", _("Created the meeting %(title)s.", title=title),
           details={"group_meeting_id": meeting.id})
    return meeting


def save_minutes(meeting, minutes):
    meeting.minutes = minutes or ""
    db.session.flush()
    record("group_minutes_saved", _("Saved the minutes of %(title)s.", title=meeting.title),
           details={"group_meeting_id": meeting.id})


def people_for_actions():
    """Who can own an action: active coordinators and case handlers."""
    return db.session.scalars(db.select(User).where(
        User.is_active, User.role.in_([Role.COORDINATOR, Role.HANDLER])).order_by(User.name)).all()


def add_action(meeting, title, department_id, owner_id, deadline):
    department = db.session.get(Department, department_id)
    owner = db.session.get(User, owner_id)
    if department is None:
        raise RuleError(_("Choose the department that owns the action."), field="department")
    if owner is None or not owner.is_active or owner.role not in (Role.COORDINATOR, Role.HANDLER):
        raise RuleError(_("Choose the person responsible."), field="owner")
    if owner.role is Role.HANDLER and department.id not in owner.department_ids:
        raise RuleError(_("%(name)s does not work at %(department)s. Choose someone there, or another department.",
                          name=owner.name, department=department.name), field="owner")
    action = GroupAction(meeting=meeting, title=title, department=department, owner=owner, deadline=deadline,
                         status=ActionStatus.OPEN)
    db.session.add(action)
    db.session.flush()
    record("group_action_added", _("Added the action %(title)s for %(name)s.", title=title, name=owner.name),
           details={"group_action_id": action.id, "group_meeting_id": meeting.id})
    return action


def may_change(user, action):
    return user.role is Role.COORDINATOR or (user.role is Role.HANDLER and action.owner_id == user.id)


def set_status(action, status, user):
    if not may_change(user, action):
        raise RuleError(_("Only the person responsible or the coordinator can change the action."))
    if action.status is status:
        return False
    before = action.status
    action.status = status
    action.done_at = utcnow() if status is ActionStatus.DONE else None
    db.session.flush()
    record("group_action_status", _("Set the action %(title)s to %(status)s.", title=action.title,
                                     status=status.label),
           details={"group_action_id": action.id, "before": before.value, "after": status.value})
    return True


def actions_of(user):
    """The open actions a staff member owns, soonest deadline first (for their desk)."""
    return db.session.scalars(db.select(GroupAction).where(
        GroupAction.owner_id == user.id, GroupAction.status != ActionStatus.DONE
    ).order_by(GroupAction.deadline, GroupAction.id)).all()
