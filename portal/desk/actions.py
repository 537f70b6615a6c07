"""The case page and its actions: the page, the staff copy of a photo, and one POST route
per report with the table of what each action needs and does (`/admin/rapporter/<id>/<action>`,
e.g. `publicera`)."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import Role
from portal.accounts.permissions import can_handle, staff_required
from portal.audit.models import AuditEntry
from portal.common.rules import RuleError, refuse
from portal.desk import forms, queries, services
from portal.desk.models import ReportNote
from portal.desktools import responses
from portal.extensions import db
from portal.reports import photos
from portal.reports.models import Category, Department, Report, ReportPhoto, report_by_reference

bp = Blueprint("desk_case", __name__, url_prefix="/admin")


def _categories(report):
    query = db.select(Category).where(Category.is_active | (Category.id == report.category_id))
    return [(c.id, c) for c in db.session.scalars(query.order_by(Category.position, Category.name))]


@dataclass(frozen=True)
class Action:
    make_form: Callable  # (report, **form options) -> form
    run: Callable  # (report, form) -> None; raises RuleError
    done: object  # the message after it worked
    coordinator_only: bool = True
    versioned: bool = True  # refuse a form built from an older version of the report


ACTIONS = {
    "publicera": Action(
        lambda r, **kw: forms.PublishForm(
            data={"public_title": r.public_title or "", "public_text": r.public_text or r.description}, **kw),
        lambda r, f: services.publish(r, f.public_title.data, f.public_text.data),
        _l("The public version is saved and shown on the site."),
    ),
    "dolj": Action(
        lambda r, **kw: forms.HideForm(**kw),
        lambda r, f: services.set_hidden(r, True, f.reason.data),
        _l("The report is hidden from the public."),
    ),
    "visa": Action(
        lambda r, **kw: forms.HideForm(**kw),
        lambda r, f: services.set_hidden(r, False, f.reason.data),
        _l("The report is shown to the public again."),
    ),
    "status": Action(
        lambda r, **kw: forms.StatusForm(data={"status": r.status.value}, **kw),
        lambda r, f: services.change_status(r, f.chosen_status, f.note.data),
        _l("The status is changed."),
        coordinator_only=False,
    ),
    "svara": Action(
        lambda r, **kw: forms.ReplyForm(**kw),
        lambda r, f: services.reply(r, f.message.data),
        _l("The reply is published."),
        coordinator_only=False,
    ),
    "anteckning": Action(
        lambda r, **kw: forms.NoteForm(**kw),
        lambda r, f: services.add_note(r, current_user._get_current_object(), f.body.data),
        _l("The note is saved."),
        coordinator_only=False,
        versioned=False,
    ),
    "skicka": Action(
        lambda r, **kw: forms.RouteForm([(d.id, d) for d in Department.all_by_name()],
                                        data={"choice": str(r.department_id or "")}, **kw),
        lambda r, f: services.route(r, f.chosen, f.reason.data),
        _l("The report is sent to the department."),
    ),
    "tilldela": Action(
        lambda r, **kw: forms.AssignForm(
            [(u.id, u) for u in services.assignable_users(r)], allow_none=True,
            data={"choice": str(r.assigned_to_id or "")}, **kw),
        lambda r, f: services.assign(r, f.chosen),
        _l("The assignment is saved."),
        coordinator_only=False,
    ),
    "kategori": Action(
        lambda r, **kw: forms.CategoryForm(_categories(r), data={"choice": str(r.category_id)}, **kw),
        lambda r, f: services.change_category(r, f.chosen, f.reason.data),
        _l("The category is changed."),
    ),
    "plats": Action(
        lambda r, **kw: forms.PlaceForm(
            data={"place": r.place or "", "lat": _coord(r.lat), "lon": _coord(r.lon)}, **kw),
        lambda r, f: services.change_place(r, f.place.data, f.position, f.reason.data),
        _l("The place is changed."),
    ),
    "dubblett": Action(
        lambda r, **kw: forms.DuplicateForm(**kw),
        lambda r, f: services.mark_duplicate(r, report_by_reference(f.original.data), f.reason.data),
        _l("The report is marked as a duplicate."),
    ),
}


def _coord(value):
    return "" if value is None else f"{value:.6f}"


def allowed_actions(report):
    return {
        name for name, action in ACTIONS.items()
        if current_user.is_coordinator or not action.coordinator_only
    }


def case_forms(report, submitted=None, prefill=None):
    """A fresh form for each action the user may take; the one sent back keeps its input.
    `prefill` is (action, text) from a response template for the reply or the status note."""
    built = {}
    for name in allowed_actions(report):
        if submitted and submitted[0] == name:
            built[name] = submitted[1]
            continue
        form = ACTIONS[name].make_form(report, prefix=name, formdata=None)
        form.version.data = report.version
        if prefill and prefill[0] == name:
            (form.message if name == "svara" else form.note).data = prefill[1]
        built[name] = form
    if current_user.is_coordinator:
        built["foto"] = forms.PhotoForm(prefix="foto", formdata=None, data={"version": report.version})
    return built


def report_for_staff(report_id):
    """The report, if it exists (404) and the user may handle it (403)."""
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    if not can_handle(current_user, report):
        abort(403)
    return report


def render_case(report, submitted=None, status=200, prefill=None):
    """The case page; `submitted` is (action, form) for a form sent back with errors."""
    notes = db.session.scalars(
        db.select(ReportNote).where(ReportNote.report_id == report.id).order_by(ReportNote.id)
    ).all()
    log = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.report_id == report.id).order_by(AuditEntry.id)
    ).all()
    duplicates = db.session.scalars(db.select(Report).where(Report.duplicate_of_id == report.id)).all()
    return render_template(
        "desk/case.html",
        report=report,
        forms=case_forms(report, submitted, prefill),
        response_templates=responses.for_category(report.category_id),
        failed=submitted[0] if submitted else None,
        notes=notes,
        log=log,
        duplicates=duplicates,
        nearby=queries.nearby(current_user, report),
        overdue=queries.is_overdue(report),
    ), status


@bp.route("/rapporter/<int:report_id>")
@staff_required(Role.HANDLER)
def case(report_id):
    report = report_for_staff(report_id)
    # "Use the template" (a GET form, so it works without JavaScript) fills the reply or the note.
    template = responses.chosen(report, request.args.get("mall", ""))
    target = request.args.get("till", "svara")
    prefill = (target, responses.filled(template, report)) if template and target in ("svara", "status") else None
    return render_case(report, prefill=prefill)


@bp.route("/rapporter/<int:report_id>/foto/<int:photo_id>/<any(original, publik):copy>")
@staff_required(Role.HANDLER)
def photo(report_id, photo_id, copy):
    """A photo for staff: the original as sent (while kept) or the copy without metadata."""
    report = report_for_staff(report_id)
    item = db.session.get(ReportPhoto, photo_id)
    if item is None or item.report_id != report.id:
        abort(404)
    name = item.original_file if copy == "original" else item.public_file
    if not name:
        abort(404)
    folder = "original" if copy == "original" else "public"
    return send_from_directory(photos.upload_dir(folder), name, mimetype=item.content_type)

@bp.route("/rapporter/<int:report_id>/<action>", methods=["POST"])
@staff_required(Role.HANDLER)
def act(report_id, action):
    if action not in ACTIONS:
        abort(404)
    report = report_for_staff(report_id)
    spec = ACTIONS[action]
    if spec.coordinator_only and not current_user.is_coordinator:
        abort(403)
    form = spec.make_form(report, prefix=action)
    if not form.validate_on_submit():
        return render_case(report, (action, form), 422)
    return _carry_out(report, action, form, lambda: spec.run(report, form), spec.done, spec.versioned)


@bp.route("/rapporter/<int:report_id>/foto/<int:photo_id>/<any(dolj, visa):change>", methods=["POST"])
@staff_required(Role.COORDINATOR)
def photo_visibility(report_id, photo_id, change):
    report = report_for_staff(report_id)
    photo = db.session.get(ReportPhoto, photo_id)
    if photo is None or photo.report_id != report.id:
        abort(404)
    form = forms.PhotoForm(prefix="foto")
    if not form.validate_on_submit():
        return render_case(report, ("foto", form), 422)
    hidden = change == "dolj"
    return _carry_out(
        report, "foto", form,
        lambda: services.set_photo_hidden(report, photo, hidden, form.reason.data),
        _l("The photo is hidden from the public.") if hidden else _l("The photo is shown again."),
    )


def _carry_out(report, action, form, run, done, versioned=True):
    """Run one action in one transaction; a stale form or a broken rule changes nothing."""
    try:
        if versioned:
            services.check_version(report, form.version.data)
        run()
        db.session.commit()
    except (services.StaleEdit, StaleDataError):
        db.session.rollback()
        db.session.refresh(report)
        form.version.data = report.version
        flash(_("Someone else changed the report while you were working. Nothing of yours was "
                "saved: read the latest history below, then send again if it is still right."), "error")
        return render_case(report, (action, form), 409)
    except RuleError as error:
        refuse(form, error)
        return render_case(report, (action, form), 422)
    flash(str(done), "success")
    return redirect(url_for("desk_case.case", report_id=report.id, _anchor=f"action-{action}"), code=303)


