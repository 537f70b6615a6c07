"""The reporter adds information: kept with the report as received, staff told by mail,
nothing public until a coordinator publishes it. Services flush; routes commit."""
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.accounts.models import Role, User
from portal.audit import services as audit
from portal.common.rules import RuleError
from portal.extensions import db
from portal.followup.models import ReportAddition
from portal.mail import services as mail
from portal.reports import photos
from portal.reports.models import ReportPhoto
from portal.timeutil import utcnow
from portal.urls import absolute_url

MAX_ADDITIONS = 20


def can_add(report):
    return not report.status.is_closed


def add_information(report, text, checked_photos):
    """Keep the reporter's text and photos (hidden from the public) and tell staff."""
    if not can_add(report):
        raise RuleError(_("The report is closed. Make a new report if something new has happened."), "text")
    count = db.session.scalar(db.select(db.func.count(ReportAddition.id))
                              .where(ReportAddition.report_id == report.id))
    if count >= MAX_ADDITIONS:
        raise RuleError(_("You have added information many times. Call the municipality instead."), "text")
    addition = ReportAddition(report_id=report.id, text=text, photo_count=len(checked_photos),
                              locale=str(get_locale() or "sv"))
    db.session.add(addition)
    start = max((p.position for p in report.photos), default=-1) + 1
    for offset, photo in enumerate(checked_photos):
        original_file, public_file = photos.store(photo)
        report.photos.append(ReportPhoto(
            position=start + offset, original_file=original_file, public_file=public_file,
            content_type=photo.content_type, width=photo.width, height=photo.height,
            is_hidden=True,  # staff show it if it may be public
        ))
    report.updated_at = utcnow()
    db.session.flush()
    audit.record("reporter_added", _("The reporter added information (%(photos)s photos).",
                                     photos=len(checked_photos)), report=report)
    _tell_staff(report)
    return addition


def _tell_staff(report):
    """The person it is assigned to, or the department's handlers, and the coordinators."""
    users = db.session.scalars(db.select(User).where(User.is_active)).all()
    wanted = [u for u in users if u.role is Role.COORDINATOR]
    if report.assigned_to is not None and report.assigned_to.is_active:
        wanted.append(report.assigned_to)
    elif report.department_id is not None:
        wanted += [u for u in users if u.role is Role.HANDLER and report.department_id in u.department_ids]
    for address in dict.fromkeys(u.email for u in wanted):
        mail.enqueue(address, _("New information from the reporter: %(reference)s", reference=report.reference),
                     "mail/report_addition.txt", report=report,
                     case_url=absolute_url("desk_case.case", report_id=report.id))


def additions_of(report_id):
    return db.session.scalars(db.select(ReportAddition).where(ReportAddition.report_id == report_id)
                              .order_by(ReportAddition.id)).all()
