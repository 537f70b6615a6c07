"""The reporter's own actions behind the follow link: add information, answer the survey."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.common.http import no_store
from portal.common.rules import RuleError, refuse
from portal.extensions import db, limiter
from portal.followup import services, survey
from portal.followup.forms import AdditionForm, SurveyForm
from portal.ratelimits import spend
from portal.reports.models import Report

bp = Blueprint("followup", __name__)


def _attempt_limit():
    return current_app.config["REPORT_ATTEMPT_LIMIT"]


def _followed(token):
    report = db.session.scalar(db.select(Report).where(Report.follow_token == token))
    if report is None:
        abort(404)
    return report


@bp.route("/arende/<token>/komplettera", methods=["POST"])
@limiter.limit(_attempt_limit)
def add(token):
    report = _followed(token)
    form = AdditionForm()
    if form.validate_on_submit():
        spend("REPORT_RATE_LIMIT", "addition")
        try:
            services.add_information(report, form.text.data, form.checked_photos)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Thank you. The information is added to your report and the municipality has been told."),
                  "success")
            return redirect(url_for("reports.follow", token=token, _anchor="komplettera"), code=303)
    return no_store(render_template("reports/follow.html", report=report, addition_form=form)), 422


@bp.route("/arende/<token>/atgardat", methods=["GET", "POST"], endpoint="survey")
@limiter.limit(_attempt_limit, methods=["POST"])
def survey_page(token):
    report = _followed(token)
    if survey.survey_of(report.id) is None:
        abort(404)
    form = SurveyForm()
    if survey.can_answer(report) and form.validate_on_submit():
        survey.answer(report, form.answer.data == "fixed", form.comment.data)
        db.session.commit()
        flash(_("Thank you for answering.") if form.answer.data == "fixed"
              else _("Thank you. The report is open again and the municipality will look at it."), "success")
        return redirect(url_for("reports.follow", token=token), code=303)
    answerable = survey.can_answer(report)
    status = 422 if form.is_submitted() and answerable else 200
    return no_store(render_template("followup/survey.html", report=report, form=form,
                                    answerable=answerable), status)

