"""A walk's page for the coordinator: the roster (print, CSV), who came, and the walkers'
reports, each of which can become a report in the moderation queue with one action."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.extensions import db
from portal.reports.services import active_categories
from portal.walks import queries, roster
from portal.walks.admin_forms import AttendanceForm, ForwardForm
from portal.walks.models import WalkReport, WalkSlot
from portal.walks.routes import carry_out

bp = Blueprint("walks_roster", __name__, url_prefix="/admin/promenader")

CAME = {"yes": True, "no": False, "": None}


def render_slot(slot, failed=None, status=200):
    """The page; `failed` is (walk report id, form) or ("attendance", form) sent back with errors."""
    categories = active_categories()
    forward_forms = {}
    for walk_report in _walk_reports(slot):
        if failed and failed[0] == walk_report.id:
            forward_forms[walk_report.id] = failed[1]
            continue
        forward_forms[walk_report.id] = ForwardForm(
            categories, prefix=f"wr{walk_report.id}", formdata=None,
            data={"description": _forward_text(walk_report)},
        )
    attendance = failed[1] if failed and failed[0] == "attendance" else AttendanceForm(formdata=None)
    return render_template(
        "walks/admin/slot.html",
        slot=slot,
        roster=roster.roster(slot),
        places=queries.places([slot.id])[slot.id],
        walk_reports=_walk_reports(slot),
        forward_forms=forward_forms,
        attendance=attendance,
        failed=failed,
    ), status


def _walk_reports(slot):
    return db.session.scalars(
        db.select(WalkReport).where(WalkReport.slot_id == slot.id).order_by(WalkReport.submitted_at)
    ).all()


def _forward_text(walk_report):
    parts = [walk_report.observations, walk_report.incidents]
    return "\n\n".join(p for p in parts if p) or walk_report.areas_walked


@bp.route("/<int:slot_id>")
@staff_required(Role.COORDINATOR)
def slot(slot_id):
    return render_slot(db.get_or_404(WalkSlot, slot_id))


@bp.route("/<int:slot_id>/deltagare.csv", methods=["POST"])
@staff_required(Role.COORDINATOR)
def roster_csv(slot_id):
    """A POST with the CSRF token: the download writes the audit log, which a GET (a link,
    a prefetch, an image tag on another site) must never do."""
    walk = db.get_or_404(WalkSlot, slot_id)
    filename, content = roster.roster_csv(walk)
    db.session.commit()  # the download is in the audit log
    return Response(content, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<int:slot_id>/narvaro", methods=["POST"])
@staff_required(Role.COORDINATOR)
def attendance(slot_id):
    walk = db.get_or_404(WalkSlot, slot_id)
    form = AttendanceForm()
    marks = {}
    for signup in walk.confirmed:
        value = request.form.get(f"came-{signup.id}", "")
        if value not in CAME:
            form.form_errors.append(_("Choose came, did not come or not known for each walker."))
            break
        marks[signup.id] = CAME[value]
    if form.form_errors or not form.validate_on_submit():
        return render_slot(walk, ("attendance", form), 422)
    changed = carry_out(form, lambda: roster.mark_attendance(walk, marks))
    if changed is None:
        return render_slot(walk, ("attendance", form), 422)
    flash(_("Saved who came.") if changed else _("Nothing was changed."), "success" if changed else "info")
    return redirect(url_for("walks_roster.slot", slot_id=walk.id, _anchor="roster"), code=303)


@bp.route("/rapporter/<int:walk_report_id>/anmalan", methods=["POST"])
@staff_required(Role.COORDINATOR)
def forward(walk_report_id):
    walk_report = db.get_or_404(WalkReport, walk_report_id)
    form = ForwardForm(active_categories(), prefix=f"wr{walk_report.id}")
    if not form.validate_on_submit():
        return render_slot(walk_report.slot, (walk_report.id, form), 422)
    report = carry_out(form, lambda: roster.forward(walk_report, form.chosen_category, form.description.data))
    if report is None:
        return render_slot(walk_report.slot, (walk_report.id, form), 422)
    flash(_("Report %(reference)s is in the queue, unpublished.", reference=report.reference), "success")
    return redirect(url_for("walks_roster.slot", slot_id=walk_report.slot_id, _anchor=f"walk-report-{walk_report.id}"),
                    code=303)
