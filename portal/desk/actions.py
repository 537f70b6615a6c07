"""The case page's actions: one POST route, a table of what each action needs and does."""
from dataclasses import dataclass
from typing import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.desk import forms, services
from portal.desk.routes import bp, render_case, report_for_staff
from portal.extensions import db
from portal.reports.models import Category, Department, ReportPhoto, report_by_reference


def _categories(report):
    query = db.select(Category).where(Category.is_active | (Category.id == report.category_id))
    return [(c.id, c) for c in db.session.scalars(query.order_by(Category.position, Category.name))]


@dataclass(frozen=True)
class Action:
    make_form: Callable  # (report, **form options) -> form
    run: Callable  # (report, form) -> None; raises services.ActionError
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
        lambda r, **kw: forms.RouteForm([(d.id, d) for d in Department.all_by_name()], data={"choice": str(r.department_id or "")}, **kw),
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


def case_forms(report, submitted=None):
    """A fresh form for each action the user may take; the one sent back keeps its input."""
    built = {}
    for name in allowed_actions(report):
        if submitted and submitted[0] == name:
            built[name] = submitted[1]
            continue
        form = ACTIONS[name].make_form(report, prefix=name, formdata=None)
        form.version.data = report.version
        built[name] = form
    if current_user.is_coordinator:
        built["foto"] = forms.PhotoForm(prefix="foto", formdata=None, data={"version": report.version})
    return built


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
    except services.ActionError as error:
        db.session.rollback()
        field = getattr(form, error.field or "", None)
        (field.errors if field is not None else form.form_errors).append(str(error))
        return render_case(report, (action, form), 422)
    flash(str(done), "success")
    return redirect(url_for("desk.case", report_id=report.id, _anchor=f"action-{action}"), code=303)


