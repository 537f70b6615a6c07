"""The coordinator's desk: what needs attention, the queue, the case page and photos."""
from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import can_handle, staff_required
from portal.audit.models import AuditEntry
from portal.desk import forms, queries
from portal.desk.models import ReportNote
from portal.extensions import db
from portal.reports import paging, photos
from portal.reports.models import Category, Department, Report, ReportPhoto
from portal.urls import page_arg

bp = Blueprint("desk", __name__, url_prefix="/admin")
bp.add_app_template_global(queries.is_overdue, "is_overdue")


@bp.route("/")
@staff_required()
def dashboard():
    sections = queries.attention(current_user) if current_user.has_role(Role.HANDLER) else {}
    return render_template("desk/dashboard.html", sections=sections)


@bp.route("/rapporter")
@staff_required(Role.HANDLER)
def queue():
    categories = db.session.scalars(db.select(Category).order_by(Category.position, Category.name)).all()
    departments = Department.all_by_name()
    form = forms.QueueFilterForm(categories, departments, formdata=request.args)
    form.validate()
    page = paging.paginate(queries.queue(current_user, form.wanted()), current_app.config["ADMIN_PER_PAGE"],
                           page=page_arg())
    return render_template("desk/queue.html", form=form, page=page)


def report_for_staff(report_id):
    """The report, if it exists (404) and the user may handle it (403)."""
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    if not can_handle(current_user, report):
        abort(403)
    return report


def render_case(report, submitted=None, status=200):
    """The case page; `submitted` is (action, form) for a form sent back with errors."""
    from portal.desk.actions import case_forms

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
        forms=case_forms(report, submitted),
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
    return render_case(report_for_staff(report_id))


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

from portal.desk import actions  # noqa: E402,F401  (registers the action routes on bp)
