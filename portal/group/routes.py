"""Trygga chefer under /admin/trygga-chefer: members, meetings with a generated agenda,
minutes and actions; a printable record and the actions as CSV. The police contact reads
everything here (counts and staff names only); the coordinator keeps it; a handler sets
the status of the actions they own."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import Role, User
from portal.accounts.permissions import staff_required
from portal.common.csvfile import csv_bytes
from portal.common.rules import RuleError, refuse
from portal.extensions import db
from portal.group import services
from portal.group.agenda import build_agenda
from portal.group.forms import ActionForm, MeetingForm, MinutesForm, StatusForm
from portal.group.models import ActionStatus, GroupAction, GroupMeeting
from portal.lagesbild.context import today
from portal.reports.models import Department
from portal.views import render_form

bp = Blueprint("group", __name__, url_prefix="/admin/trygga-chefer")
READERS = (Role.HANDLER, Role.POLICE)


@bp.route("/")
@staff_required(*READERS)
def index():
    members = db.session.scalars(db.select(User).where(
        User.is_active, User.role.in_([Role.COORDINATOR, Role.HANDLER, Role.POLICE])).order_by(User.name)).all()
    meetings = db.session.scalars(db.select(GroupMeeting).order_by(GroupMeeting.held_on.desc())).all()
    open_actions = db.session.scalars(db.select(GroupAction).where(GroupAction.status != ActionStatus.DONE)
                                      .order_by(GroupAction.deadline)).all()
    return render_template("group/index.html", members=members, meetings=meetings, open_actions=open_actions,
                           today=today())


@bp.route("/mote/nytt", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new_meeting():
    form = MeetingForm()
    if form.validate_on_submit():
        meeting = services.create_meeting(form.held_on.data, form.title.data)
        db.session.commit()
        flash(_("The meeting is created. Its agenda is ready."), "success")
        return redirect(url_for("group.meeting", meeting_id=meeting.id), code=303)
    return render_form("group/meeting_form.html", form)


def _action_form():
    return ActionForm(Department.all_by_name(), services.people_for_actions())


def _render_meeting(meeting, minutes_form=None, action_form=None, status=200):
    return render_template(
        "group/meeting.html", meeting=meeting, agenda=build_agenda(meeting, today()), today=today(),
        minutes_form=minutes_form or MinutesForm(data={"minutes": meeting.minutes}),
        action_form=action_form or _action_form(), status_form=StatusForm(),
        may_change=lambda action: services.may_change(current_user, action),
    ), status


@bp.route("/mote/<int:meeting_id>")
@staff_required(*READERS)
def meeting(meeting_id):
    return _render_meeting(db.get_or_404(GroupMeeting, meeting_id))


@bp.route("/mote/<int:meeting_id>/protokoll", methods=["POST"])
@staff_required(Role.COORDINATOR)
def minutes(meeting_id):
    meeting = db.get_or_404(GroupMeeting, meeting_id)
    form = MinutesForm()
    if not form.validate_on_submit():
        return _render_meeting(meeting, minutes_form=form, status=422)
    services.save_minutes(meeting, form.minutes.data)
    db.session.commit()
    flash(_("The minutes are saved."), "success")
    return redirect(url_for("group.meeting", meeting_id=meeting.id, _anchor="protokoll"), code=303)


@bp.route("/mote/<int:meeting_id>/atgard", methods=["POST"])
@staff_required(Role.COORDINATOR)
def add_action(meeting_id):
    meeting = db.get_or_404(GroupMeeting, meeting_id)
    form = _action_form()
    if form.validate_on_submit():
        try:
            services.add_action(meeting, form.title.data, int(form.department.data), int(form.owner.data),
                                form.deadline.data)
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
        else:
            flash(_("The action is added. It stays on every agenda and on the owner's overview until done."),
                  "success")
            return redirect(url_for("group.meeting", meeting_id=meeting.id, _anchor="atgarder"), code=303)
    return _render_meeting(meeting, action_form=form, status=422)


@bp.route("/atgard/<int:action_id>/status", methods=["POST"])
@staff_required(Role.HANDLER)
def action_status(action_id):
    action = db.get_or_404(GroupAction, action_id)
    if not services.may_change(current_user, action):
        abort(403)
    form = StatusForm()
    if form.validate_on_submit():
        if services.set_status(action, ActionStatus(form.status.data), current_user._get_current_object()):
            db.session.commit()
            flash(_("The action is now: %(status)s.", status=action.status.label), "success")
    else:
        flash(_("Choose a status and send again."), "info")
    return redirect(url_for("group.meeting", meeting_id=action.meeting_id, _anchor=f"atgard-{action.id}"),
                    code=303)


@bp.route("/mote/<int:meeting_id>/utskrift")
@staff_required(*READERS)
def record(meeting_id):
    meeting = db.get_or_404(GroupMeeting, meeting_id)
    return render_template("group/record.html", meeting=meeting, agenda=build_agenda(meeting, today()),
                           today=today())


@bp.route("/mote/<int:meeting_id>/atgarder.csv")
@staff_required(*READERS)
def actions_csv(meeting_id):
    meeting = db.get_or_404(GroupMeeting, meeting_id)
    now = today()
    header = [_("Action"), _("Department"), _("Person responsible"), _("Deadline"), _("Status"), _("Overdue")]
    rows = [[a.title, a.department.name, a.owner.name, a.deadline.isoformat(), str(a.status.label),
             _("yes") if a.is_overdue(now) else _("no")] for a in meeting.actions]
    return Response(csv_bytes(header, rows), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="atgarder-{meeting.held_on.isoformat()}.csv"'})
