"""Public routes for alerts: ask for one, confirm it, the subscriber's private page, and the
one-click unsubscribe that mail clients POST to (RFC 8058)."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from portal.alerts import services
from portal.alerts.forms import AlertForm, ConfirmForm, FollowForm
from portal.alerts.models import AlertKind
from portal.areas import configured_areas
from portal.common.http import no_store
from portal.common.rules import RuleError, refuse
from portal.extensions import csrf, db, limiter
from portal.ratelimits import spend
from portal.reports.models import Report
from portal.reports.services import active_categories
from portal.urls import id_arg
from portal.views import render_form

bp = Blueprint("alerts", __name__)


def _attempt_limit():
    return current_app.config["ALERT_ATTEMPT_LIMIT"]


def _prefill(form):
    """Values the links from /rapporter, a report's page and the receipt carry."""
    if form.is_submitted():
        return
    if request.args.get("omrade") in {a.slug for a in configured_areas()}:
        form.kind.data, form.area.data = AlertKind.AREA.value, request.args["omrade"]
    lat, lon = request.args.get("lat", type=float), request.args.get("lon", type=float)
    if lat is not None and lon is not None:
        form.kind.data, form.lat.data, form.lon.data = AlertKind.RADIUS.value, f"{lat:.6f}", f"{lon:.6f}"
        form.radius.data = "500"
        form.place.data = (request.args.get("plats") or "")[:200]
    category_id = id_arg("kategori")
    if category_id and str(category_id) in form.categories:
        form.category.data = str(category_id)
        form.kind.data = form.kind.data or AlertKind.CATEGORY.value


@bp.route("/bevakning", methods=["GET", "POST"])
@limiter.limit(_attempt_limit, methods=["POST"])
def new():
    form = AlertForm(configured_areas(), active_categories())
    _prefill(form)
    if form.validate_on_submit():
        spend("ALERT_RATE_LIMIT", "alert")
        try:
            services.request_alert(
                form.email.data, kind=form.chosen_kind, category=form.chosen_category,
                area_slug=form.area.data, position=form.position, radius_m=form.chosen_radius,
                place_words=form.place.data, with_changes=form.changes.data == "all",
                frequency=form.frequency.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            return redirect(url_for("alerts.requested"), code=303)
    return render_form("alerts/new.html", form, areas=configured_areas())


@bp.route("/bevakning/skickad")
def requested():
    # No label from the query string: a link could otherwise put any words on this page.
    return no_store(render_template("alerts/requested.html"))


@bp.route("/rapporter/<int:report_id>/folj", methods=["GET", "POST"])
@limiter.limit(_attempt_limit, methods=["POST"])
def follow_report(report_id):
    report = db.session.get(Report, report_id)
    if report is None or not report.is_public:
        abort(404)
    form = FollowForm()
    if form.validate_on_submit():
        spend("ALERT_RATE_LIMIT", "alert")
        try:
            services.request_alert(form.email.data, kind=AlertKind.REPORT, report=report)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            return redirect(url_for("alerts.requested"), code=303)
    return render_form("alerts/follow.html", form, report=report)


def _alert(token):
    alert = services.alert_by_token(token)
    if alert is None:
        abort(404)
    return alert


@bp.route("/bevakning/bekrafta/<token>", methods=["GET", "POST"])
def confirm(token):
    alert = _alert(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.confirm(alert)
        db.session.commit()
        return redirect(url_for("alerts.subscriber", token=alert.subscriber.token, bekraftad=1), code=303)
    return no_store(render_template("alerts/confirm.html", alert=alert, form=form))


@bp.route("/bevakning/avsluta/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no token; the link's key is the proof
@limiter.limit(_attempt_limit, methods=["POST"])
def unsubscribe(token):
    alert = _alert(token)
    if request.method == "POST":
        services.end(alert)  # idempotent: a second POST changes nothing
        db.session.commit()
        if request.form.get("List-Unsubscribe") == "One-Click":
            return no_store(current_app.response_class("", status=200))
        return redirect(url_for("alerts.subscriber", token=alert.subscriber.token, avslutad=alert.id), code=303)
    return no_store(render_template("alerts/unsubscribe.html", alert=alert))


@bp.route("/bevakning/mina/<token>")
def subscriber(token):
    found = services.subscriber_by_token(token)
    if found is None:
        abort(404)
    return no_store(render_template("alerts/subscriber.html", subscriber=found,
                                    confirmed=request.args.get("bekraftad") == "1",
                                    ended=id_arg("avslutad")))
