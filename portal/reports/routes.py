"""Public routes for reports: the form, the receipt and follow page, and the public list."""
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from portal.common.http import no_store
from portal.extensions import db, limiter
from portal.feeds import latest
from portal.ratelimits import spend
from portal.reports import geo, paging, photos, services, tally
from portal.reports.feed import report_feed_alternate
from portal.reports.forms import ReportForm
from portal.reports.models import Report, ReportPhoto, ReportStatus
from portal.urls import id_arg, page_arg
from portal.views import render_form

bp = Blueprint("reports", __name__)


def _attempt_limit():
    """Any posts of the form per address, so that a bot cannot hammer the validator."""
    return current_app.config["REPORT_ATTEMPT_LIMIT"]


@bp.route("/rapportera", methods=["GET", "POST"])
@limiter.limit(_attempt_limit, methods=["POST"])
def new():
    categories = services.active_categories()
    form = ReportForm(categories)
    if form.validate_on_submit():
        spend("REPORT_RATE_LIMIT", "report")  # counted before saving: parallel posts cannot outrun it
        report = services.receive_report(
            category=form.chosen_category,
            description=form.description.data,
            place=form.place.data,
            position=form.position,
            checked_photos=form.checked_photos,
            contact=services.Contact(**form.contact_details()),
        )
        db.session.commit()
        return redirect(url_for("reports.receipt", token=report.follow_token), code=303)
    return render_form("reports/new.html", form, categories=categories)


def _followed_report(token):
    report = db.session.scalar(db.select(Report).where(Report.follow_token == token))
    if report is None:
        abort(404)
    return report


@bp.route("/arende/<token>/kvitto")
def receipt(token):
    return no_store(render_template("reports/receipt.html", report=_followed_report(token)))


@bp.route("/arende/<token>")
def follow(token):
    return no_store(render_template("reports/follow.html", report=_followed_report(token)))


@bp.route("/rapporter")
def index():

    categories = services.active_categories()
    category_id = id_arg("category")
    status = _status_arg(request.args.get("status"))
    page = paging.paginate(services.public_reports(category_id, status),
                           current_app.config["REPORTS_PER_PAGE"], page=page_arg(),
                           total=lambda: tally.public_count(category_id, status))
    chosen = next((c for c in categories if c.id == category_id), None)
    return render_template(
        "reports/index.html",
        page=page,
        categories=categories,
        statuses=list(ReportStatus),
        category_id=category_id,
        status=status,
        feeds=[report_feed_alternate(chosen, status)],
        page_changed=latest(*(services.public_changed_at(report) for report in page.items)),
    )


def _status_arg(value):
    try:
        return ReportStatus(value) if value else None
    except ValueError:
        return None


def _public_report(report_id):
    report = db.session.get(Report, report_id)
    if report is None or not report.is_public:
        abort(404)
    return report


@bp.route("/rapporter/<int:report_id>")
def show(report_id):

    report = _public_report(report_id)
    return render_template("reports/show.html", report=report, feeds=[report_feed_alternate()],
                           page_changed=services.public_changed_at(report))


@bp.route("/rapporter/<int:report_id>/foto/<int:photo_id>")
def public_photo(report_id, photo_id):
    report = _public_report(report_id)
    photo = db.session.get(ReportPhoto, photo_id)
    if photo is None or photo.report_id != report.id or photo.is_hidden:
        abort(404)
    response = send_from_directory(
        photos.upload_dir("public"), photo.public_file, mimetype=photo.content_type
    )
    # Kept by caches but asked for again each time (a cheap 304 while it is shown), so a
    # photo staff hide is gone at once instead of an hour later.
    response.headers["Cache-Control"] = "public, no-cache"
    return response


@bp.route("/rapporter/nara.json")
def nearby():
    """Public reports of a category near a point, for "Är det samma sak?" on the form."""
    category_id = id_arg("category")
    lat = request.args.get("lat", type=float)
    lon = request.args.get("lon", type=float)
    if category_id is None or lat is None or lon is None:
        return jsonify(reports=[]), 400
    if not geo.inside(current_app.config["MAP_BOUNDS"], lat, lon):
        return jsonify(reports=[])
    found = services.nearby_public_reports(category_id, lat, lon)
    return jsonify(
        reports=[
            {
                "id": report.id,
                "title": report.public_title,
                "status": str(report.status.label),
                "distance_m": distance,
                "url": url_for("reports.show", report_id=report.id),
                "follow_url": url_for("alerts.follow_report", report_id=report.id),
                "me_too_url": url_for("reports.show", report_id=report.id, _anchor="jag-ocksa"),
            }
            for report, distance in found
        ]
    )
