"""Public pages of the evening walks: the rota by week, a walk's page with the sign-up form,
the walker's private pages (status, cancel, walk report) and calendar files."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from portal.common.http import no_store
from portal.common.rules import RuleError, refuse
from portal.errors import render_error
from portal.extensions import db, limiter
from portal.ratelimits import spend
from portal.views import render_form
from portal.walks import calendar, queries, roster, signups, tokens
from portal.walks import feed as walk_feed
from portal.walks.forms import CancelForm, SignupForm, WalkReportForm
from portal.walks.models import SignupStatus, WalkSlot

bp = Blueprint("walks", __name__)


def _attempt_limit():
    return current_app.config["WALK_ATTEMPT_LIMIT"]


def limited(view):
    """Any post of the form per address; what is done (a sign-up, a cancellation, a walk
    report) is counted by `spend_walk_limit` once the form is valid, before the change."""
    return limiter.limit(_attempt_limit, methods=["POST"])(view)


def spend_walk_limit():
    spend("WALK_RATE_LIMIT", "walk")


def _bad_link():
    return render_error(
        404,
        _("The link does not work"),
        _("Check that you used the whole link from the mail. If you have signed up again "
          "since, use the link in the latest mail."),
    )


def carry_out(form, run):
    """Run a change and commit, returning what it returned; a broken rule or a busy database
    (SQLite gave up waiting) goes back to the form, nothing saved, and gives None."""
    try:
        result = run()
        db.session.commit()
        return result
    except RuleError as error:
        refuse(form, error)
    except OperationalError as error:
        db.session.rollback()
        if not signups.is_busy(error):
            raise
        form.form_errors.append(_("Many people are saving at the same moment. Wait a little and send again."))
    return None


@bp.route("/promenader")
def index():
    slots = queries.upcoming()
    return render_template(
        "walks/index.html", weeks=queries.by_week(slots), places=queries.places([s.id for s in slots]),
        feeds=walk_feed.walk_feeds(), page_changed=walk_feed.feed_changed_at(),
    )


@bp.route("/promenader/<int:slot_id>", methods=["GET", "POST"])
@limited
def slot(slot_id):
    walk = db.get_or_404(WalkSlot, slot_id)
    form = SignupForm(walk)
    if form.validate_on_submit():
        spend_walk_limit()
        signup = carry_out(form, lambda: signups.sign_up(
            walk.id, form.name.data, form.email.data, form.phone.data, form.is_first_walk.data == "yes"))
        if signup is not None:
            # The same answer for every address, known or not: the private links go by mail.
            return redirect(url_for("walks.signed_up", slot_id=walk.id), code=303)
    elif form.is_submitted() and (walk.is_cancelled or walk.has_started):
        try:
            signups.check_open(walk)
        except RuleError as error:
            refuse(form, error)
    return render_form("walks/slot.html", form, slot=walk, places=queries.places([walk.id])[walk.id])


@bp.route("/promenader/<int:slot_id>/tack")
def signed_up(slot_id):
    """After a sign-up: check your mail. Nothing here depends on who signed up."""
    return render_template("walks/signed_up.html", slot=db.get_or_404(WalkSlot, slot_id))


@bp.route("/promenader/<int:slot_id>.ics")
def slot_ics(slot_id):
    walk = db.get_or_404(WalkSlot, slot_id)
    return Response(
        calendar.build([walk]), mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{calendar.filename(walk)}"'},
    )


@bp.route("/promenader/anmalan/<token>")
def signup(token):
    found = signups.by_token(token)
    if found is None:
        return _bad_link()
    position = signups.waiting_position(found) if found.status is SignupStatus.WAITING else None
    return no_store(render_template("walks/signup.html", signup=found, slot=found.slot, position=position,
                                    token=token, feed_token=tokens.make("calendar", found.calendar_key)))


@bp.route("/promenader/avboka/<token>", methods=["GET", "POST"])
@limited
def cancel(token):
    found = signups.by_token(token)
    if found is None:
        return _bad_link()
    form = CancelForm()
    if form.validate_on_submit():
        spend_walk_limit()
        if carry_out(form, lambda: signups.cancel(found)) is not None:
            flash(_("Your place is cancelled. Thank you for letting us know."), "success")
            return redirect(url_for("walks.signup", token=token), code=303)
    status = 409 if form.form_errors else (422 if form.errors else 200)
    return no_store(render_template("walks/cancel.html", form=form, signup=found, slot=found.slot), status)


@bp.route("/promenader/rapport/<token>", methods=["GET", "POST"])
@limited
def report(token):
    found = signups.by_token(token, "report")
    if found is None:
        return _bad_link()
    form = WalkReportForm()
    if form.validate_on_submit():
        spend_walk_limit()
        if carry_out(form, lambda: roster.submit_report(found, form)) is not None:
            flash(_("Thank you! Your walk report has been sent to the safety coordinator."), "success")
            return redirect(url_for("walks.report", token=token), code=303)
    body, status = render_form("walks/report.html", form, signup=found, slot=found.slot)
    return no_store(body, 409 if form.form_errors else status)


@bp.route("/promenader/kalender/<token>.ics")
def feed(token):
    slots = signups.confirmed_upcoming_for_calendar(token)
    if slots is None:
        abort(404)
    body = calendar.build(slots, name=_("My evening walks"))
    return no_store(body, {"Content-Type": "text/calendar; charset=utf-8"})
