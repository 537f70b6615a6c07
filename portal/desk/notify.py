"""Mail that case handling sends: to reporters who asked for replies, to departments and
to the person a report is assigned to. Mail to staff carries a link, never contact details."""
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import Role, User
from portal.extensions import db
from portal.mail import services as mail
from portal.reports.models import Report
from portal.urls import absolute_url


def followers(report, kind, note=None):
    """Tell everyone who follows `report` and asked for replies: its reporter, and the
    reporters of reports merged into it as duplicates (each gets their own follow link)."""
    followed = [report] + list(
        db.session.scalars(db.select(Report).where(Report.duplicate_of_id == report.id))
    )
    for own in followed:
        contact = own.contact
        if contact is None or not (contact.email and contact.wants_replies):
            continue
        with mail.in_language(own.locale):  # the reporter's language, not the coordinator's
            subject = (
                _("Reply about your report %(reference)s", reference=own.reference)
                if kind == "reply"
                else _("News about your report %(reference)s", reference=own.reference)
            )
            mail.enqueue(
                contact.email,
                subject,
                "mail/report_update.txt",
                report=report,
                own=own,
                kind=kind,
                note=note,
                follow_url=absolute_url("reports.follow", token=own.follow_token),
            )


def routed(report, department):
    """The department's shared address and its active handlers."""
    handlers = db.session.scalars(
        db.select(User).where(User.is_active, User.role == Role.HANDLER)
    ).all()
    addresses = [department.email] + [u.email for u in handlers if department.id in u.department_ids]
    for address in dict.fromkeys(a for a in addresses if a):
        mail.enqueue(
            address,
            _("New report for %(department)s: %(reference)s",
              department=department.name, reference=report.reference),
            "mail/report_routed.txt",
            report=report,
            department=department,
            case_url=absolute_url("desk_case.case", report_id=report.id),
        )


def assigned(report, user):
    if current_user.is_authenticated and current_user.id == user.id:
        return
    mail.enqueue(
        user.email,
        _("Report %(reference)s is assigned to you", reference=report.reference),
        "mail/report_assigned.txt",
        report=report,
        user=user,
        case_url=absolute_url("desk_case.case", report_id=report.id),
    )
