"""POST /rapporter/<id>/jag-ocksa: "I have seen it too / I feel unsafe here too"."""
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from portal.extensions import db, limiter
from portal.metoo import services
from portal.ratelimits import client_address, counters, spend
from portal.reports.models import Report

bp = Blueprint("metoo", __name__)
COOKIE_SECONDS = 2 * 365 * 24 * 3600


def _attempt_limit():
    return current_app.config["METOO_ATTEMPT_LIMIT"]


@bp.route("/rapporter/<int:report_id>/jag-ocksa", methods=["POST"])
@limiter.limit(_attempt_limit)
def vote(report_id):
    report = db.session.get(Report, report_id)
    if report is None or not report.is_public:
        abort(404)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    voter_id = request.cookies.get(services.COOKIE) or ""
    if not (20 <= len(voter_id) <= 64 and voter_id.replace("-", "").replace("_", "").isalnum()):
        voter_id = services.new_voter_id()
    spend("METOO_RATE_LIMIT", "metoo")
    # Once a day per address and report too, so clearing the cookie does not vote again;
    # the counter holds a keyed hash of the address that expires with the day.
    same_address = counters().hit("1 per day", "metoo-address",
                                  services.keyed("address", report.id, client_address())) \
        if current_app.config.get("RATELIMIT_ENABLED", True) else True
    counted = same_address and services.vote(report, voter_id)
    db.session.commit()
    flash(_("Thank you. We have counted that you have seen it too.") if counted
          else _("You have already said this about the report. It is counted once."),
          "success" if counted else "info")
    response = redirect(url_for("reports.show", report_id=report.id, _anchor="jag-ocksa"), code=303)
    response.set_cookie(services.COOKIE, voter_id, max_age=COOKIE_SECONDS, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", True))
    return response
