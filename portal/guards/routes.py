"""Guard shifts under /admin/vaktare: the latest shifts, one shift by hand, the company's
CSV file (with a report of the rows it rejected) and every shift as CSV."""
from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.areas import area_names
from portal.common.csvfile import csv_bytes
from portal.common.rules import RuleError, refuse
from portal.extensions import db
from portal.guards import services
from portal.guards.forms import GuardShiftForm, ImportForm
from portal.guards.models import INCIDENT_KINDS, GuardShift
from portal.views import render_form

bp = Blueprint("guards", __name__, url_prefix="/admin/vaktare")
LATEST = 200


@bp.route("/")
@staff_required(Role.COORDINATOR)
def index():
    shifts = db.session.scalars(db.select(GuardShift).order_by(GuardShift.day.desc(), GuardShift.area)
                                .limit(LATEST)).all()
    return render_template("guards/index.html", shifts=shifts, names=area_names(), latest=LATEST)


@bp.route("/nytt", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new():
    form = GuardShiftForm()
    if form.validate_on_submit():
        values = services.ShiftValues(
            form.day.data, form.area.data, form.company.data, services.minutes_of(form.planned_hours.data),
            services.minutes_of(form.delivered_hours.data),
            {kind: form[kind].data or 0 for kind in INCIDENT_KINDS}, form.note.data or "")
        try:
            services.save_shift(values, current_user._get_current_object())
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
        else:
            flash(_("The guard shift is saved."), "success")
            return redirect(url_for("guards.index"), code=303)
    return render_form("guards/form.html", form)


@bp.route("/importera", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def import_file():
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        try:
            raw = form.file.data.stream.read(current_app.config["GUARD_CSV_MAX_BYTES"] + 1)
        finally:
            form.file.data.close()  # a large upload is spooled to a temporary file
        try:
            result = services.import_csv(raw, current_user._get_current_object())
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
            result = None
        if result is not None and not result.rejected:
            flash(_("%(imported)s new and %(replaced)s replaced guard shifts were imported.",
                    imported=result.imported, replaced=result.replaced), "success")
            return redirect(url_for("guards.index"), code=303)
    status = 422 if form.is_submitted() and (result is None or result.rejected) else 200
    return render_template("guards/import.html", form=form, result=result), status


@bp.route("/pass.csv")
@staff_required(Role.COORDINATOR)
def shifts_csv():
    names = area_names()
    labels = services.incident_labels()
    shifts = db.session.scalars(db.select(GuardShift).order_by(GuardShift.day, GuardShift.area)).all()
    header = [_("Date"), _("Area"), _("Guard company"), _("Planned hours"), _("Delivered hours"),
              *labels.values(), _("Note")]
    rows = [[s.day.isoformat(), names.get(s.area, s.area), s.company, _hours(s.planned_minutes),
             _hours(s.delivered_minutes), *(getattr(s, kind) for kind in INCIDENT_KINDS), s.note] for s in shifts]
    return Response(csv_bytes(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="vaktarpass.csv"'})


def _hours(minutes):
    return f"{minutes / 60:.1f}".replace(".", ",")
