""""Is it still fixed?": FIXED_SURVEY_DAYS after a report was marked fixed, its reporter
(if they asked for replies) gets one mail linking to their follow page. "No" reopens the
report through the desk's status change (audit log, public history, followers told), and
the queue marks it reopened. The answers give the "stayed fixed" share per category.

The job is bounded: reports closed as fixed in a window of FIXED_SURVEY_WINDOW_DAYS ending
FIXED_SURVEY_DAYS ago (the closed_at index), without a survey yet, at most BATCH a run.
Inserting the survey row claims the mail (its key is the report), in the same
transaction that queues it, so two runs never send it twice.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.desk import services as desk
from portal.extensions import db
from portal.followup.models import FixedSurvey
from portal.mail import services as mail
from portal.reports.models import Report, ReportContact, ReportStatus
from portal.timeutil import utcnow
from portal.urls import absolute_url

BATCH = 500


def send_due(now=None):
    """Queue the due survey mails; returns how many."""
    now = now or utcnow()
    days = current_app.config["FIXED_SURVEY_DAYS"]
    latest = now - timedelta(days=days)
    earliest = latest - timedelta(days=current_app.config["FIXED_SURVEY_WINDOW_DAYS"])
    due = db.session.scalars(
        db.select(Report)
        .join(ReportContact, ReportContact.report_id == Report.id)
        .where(Report.status == ReportStatus.FIXED, Report.closed_at > earliest, Report.closed_at <= latest,
               ReportContact.wants_replies, ReportContact.email.is_not(None),
               ~db.exists().where(FixedSurvey.report_id == Report.id))
        .order_by(Report.closed_at).limit(BATCH)
    ).all()
    sent = 0
    for report in due:
        try:
            with db.session.begin_nested():
                db.session.add(FixedSurvey(report_id=report.id, sent_at=now))
        except IntegrityError:  # another run claimed it
            continue
        with mail.in_language(report.locale):
            mail.enqueue(report.contact.email,
                         _("Is it still fixed? Your report %(reference)s", reference=report.reference),
                         "mail/fixed_survey.txt", report=report,
                         survey_url=absolute_url("followup.survey", token=report.follow_token))
        sent += 1
    db.session.commit()
    return sent


def survey_of(report_id):
    return db.session.get(FixedSurvey, report_id)


def can_answer(report):
    survey = survey_of(report.id)
    return survey is not None and survey.answered_at is None and report.status is ReportStatus.FIXED


def answer(report, stayed_fixed, comment):
    """Record the answer; "not fixed" reopens the report (the comment stays staff-only)."""
    survey = survey_of(report.id)
    survey.answered_at = utcnow()
    survey.stayed_fixed = stayed_fixed
    survey.comment = comment or None
    if not stayed_fixed:
        desk.change_status(
            report, ReportStatus.CONFIRMED,
            _("The reporter says it is not fixed. The report is open again."),
            reason=_("Answer to “Is it still fixed?”: not fixed"),
        )
    db.session.flush()


def reopened_among(reports):
    """Ids of the open reports among `reports` that a reporter said were not fixed."""
    ids = [r.id for r in reports if not r.status.is_closed]
    if not ids:
        return set()
    return set(db.session.scalars(db.select(FixedSurvey.report_id).where(
        FixedSurvey.report_id.in_(ids), FixedSurvey.stayed_fixed.is_(False))))
