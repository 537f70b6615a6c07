"""What staff do with a report. Each action checks its rules, changes the report, writes
the audit log and queues mail in one transaction: services flush, the route commits."""
import re

from flask_babel import gettext as _

from portal.accounts.models import Role, User
from portal.audit import services as audit
from portal.common.rules import RuleError
from portal.desk import notify
from portal.desk.models import ReportNote
from portal.extensions import db
from portal.reports import services as reports
from portal.reports.models import Report, ReportStatus, ReportUpdate, UpdateKind
from portal.sanitize import plain_text
from portal.timeutil import utcnow

EMAIL_PATTERN = re.compile(r"[^\s@]+@[^\s@]+\.[a-z]{2,}", re.IGNORECASE)
PHONE_PATTERN = re.compile(r"(?<!\d)(?:\+46|0)[\d\s\-]{6,14}\d(?!\d)")


class StaleEdit(Exception):
    """The report changed after the form was loaded: someone else acted on it."""


def check_version(report, version):
    """Refuse a form built from an older version of the report."""
    if str(version or "") != str(report.version):
        raise StaleEdit()


def _changed(report):
    # Bumps updated_at, and with it the version that detects stale edits.
    report.updated_at = utcnow()


def _responded(report):
    if report.responded_at is None:
        report.responded_at = utcnow()


def personal_data_in(report, text):
    """Why `text` may not be published: it holds the reporter's details, an email address
    or a phone number. None when it looks clean."""
    contact = report.contact
    lowered = text.lower()
    if contact:
        for value in (contact.name, contact.email, contact.phone):
            if value and len(value) > 2 and value.lower() in lowered:
                return _("The text contains the reporter's name or contact details. Remove them.")
    if EMAIL_PATTERN.search(text) or PHONE_PATTERN.search(text):
        return _("The text contains an email address or a phone number. Remove it before publishing.")
    return None


def publish(report, title, text):
    """Publish, or change the public version of, a report (the original stays as received)."""
    title, text = plain_text(title), plain_text(text)
    for field, value in (("public_title", title), ("public_text", text)):
        problem = personal_data_in(report, value)
        if problem:
            raise RuleError(problem, field)
    _check_public_place(report, report.place)
    first_time = not report.is_published
    reports.publish_report(report, title, text)
    _responded(report)
    _changed(report)
    audit.record(
        "published" if first_time else "public_text_changed",
        _("Published the report.") if first_time else _("Changed the public text."),
        report=report,
        details={"title": title, "text": text},
    )


def _check_public_place(report, place):
    """The place is shown on /rapporter, the report's page and the feed as the resident
    wrote it: it may hold personal data no more than the public text may."""
    if place and personal_data_in(report, place):
        raise RuleError(_("The place contains the reporter's name, an email address or a phone "
                          "number. Correct it under “Correct the place” first."), "place")


def set_hidden(report, hidden, reason):
    """Hide a report from the public (it stays in the queue and on the follow link)."""
    if report.is_hidden == hidden:
        raise RuleError(
            _("The report is already hidden.") if hidden else _("The report is already visible."),
            "reason",
        )
    if hidden and not (reason or "").strip():
        raise RuleError(_("Write why the report is hidden."), "reason")
    report.is_hidden = hidden
    _changed(report)
    audit.record(
        "hidden" if hidden else "unhidden",
        _("Hid the report from the public.") if hidden else _("Showed the report to the public again."),
        report=report,
        reason=reason,
    )


def change_status(report, status, note, reason=None):
    """Set a new status with an optional public note; tells the reporter when they asked."""
    note = plain_text(note)
    if status is ReportStatus.DUPLICATE:
        raise RuleError(_("Use “Mark as duplicate” to say which report it duplicates."), "status")
    if status is report.status and not note:
        raise RuleError(_("Choose another status, or write a public note."), "status")
    problem = note and personal_data_in(report, note)
    if problem:
        raise RuleError(problem, "note")
    before = report.status
    report.status = status
    report.closed_at = (report.closed_at or utcnow()) if status.is_closed else None
    report.duplicate_of = None  # reopening or closing otherwise ends a duplicate link
    report.updates.append(ReportUpdate(kind=UpdateKind.STATUS, status=status, message=note or None))
    _responded(report)
    _changed(report)
    audit.record(
        "status_changed",
        _("Changed the status from %(before)s to %(after)s.", before=before.label, after=status.label),
        report=report,
        reason=reason,
        details={"from": before.value, "to": status.value, "note": note or None},
    )
    notify.followers(report, "status", note=note)


def reply(report, message):
    """A public reply: on the report's history, and mailed to the reporter who asked."""
    message = plain_text(message)
    if not message:
        raise RuleError(_("Write the reply."), "message")
    problem = personal_data_in(report, message)
    if problem:
        raise RuleError(problem, "message")
    report.updates.append(ReportUpdate(kind=UpdateKind.REPLY, message=message))
    _responded(report)
    _changed(report)
    audit.record("replied", _("Replied publicly."), report=report, details={"message": message})
    notify.followers(report, "reply", note=message)


def add_note(report, author, body):
    """An internal note for staff: never public, never mailed. Does not make forms stale."""
    body = (body or "").strip()
    if not body:
        raise RuleError(_("Write the note."), "body")
    db.session.add(ReportNote(report_id=report.id, author=author, body=body))
    audit.record("note_added", _("Wrote an internal note."), report=report)


def route(report, department, reason=None):
    """Send a report to a department; its address and handlers get a mail."""
    if department.id == report.department_id:
        raise RuleError(_("The report is already with %(name)s.", name=department.name), "choice")
    before = report.department
    report.department = department
    if report.assigned_to and report.assigned_to.role is Role.HANDLER and (
        department.id not in report.assigned_to.department_ids
    ):
        report.assigned_to = None
    _changed(report)
    audit.record(
        "routed",
        _("Sent the report to %(name)s.", name=department.name),
        report=report,
        reason=reason,
        details={"from": before.slug if before else None, "to": department.slug},
    )
    notify.routed(report, department)


def assignable_users(report):
    """Active coordinators, and handlers of the report's department."""
    users = db.session.scalars(
        db.select(User).where(User.is_active, User.role.in_([Role.COORDINATOR, Role.HANDLER]))
        .order_by(User.name)
    ).all()
    return [u for u in users if u.role is Role.COORDINATOR or report.department_id in u.department_ids]


def assign(report, user):
    """Give the report to one person (or to nobody); they get a mail."""
    if user is not None and user not in assignable_users(report):
        raise RuleError(_("Choose someone in the report's department."), "choice")
    if user == report.assigned_to:
        raise RuleError(_("The report is already assigned so."), "choice")
    report.assigned_to = user
    _changed(report)
    audit.record(
        "assigned",
        _("Assigned the report to %(name)s.", name=user.name) if user else _("Removed the assignment."),
        report=report,
        details={"user_id": user.id if user else None},
    )
    if user is not None:
        notify.assigned(report, user)


def mark_duplicate(report, original, reason=None):
    """Close a report as a duplicate; its followers now follow the original."""
    while original is not None and original.duplicate_of is not None:
        original = original.duplicate_of
    if original is None:
        raise RuleError(_("There is no report with that number."), "original")
    if original.id == report.id:
        raise RuleError(_("A report cannot be a duplicate of itself."), "original")
    report.duplicate_of = original
    report.status = ReportStatus.DUPLICATE
    report.closed_at = report.closed_at or utcnow()
    for earlier in db.session.scalars(db.select(Report).where(Report.duplicate_of_id == report.id)):
        earlier.duplicate_of = original
    note = _("This is the same matter as %(reference)s. Its history is shown here from now on.",
             reference=original.reference)
    report.updates.append(ReportUpdate(kind=UpdateKind.STATUS, status=ReportStatus.DUPLICATE, message=note))
    _responded(report)
    _changed(report)
    audit.record(
        "marked_duplicate",
        _("Marked as a duplicate of %(reference)s.", reference=original.reference),
        report=report,
        reason=reason,
        details={"original_id": original.id},
    )
    notify.followers(report, "status", note=note)


def change_category(report, category, reason=None):
    """Correct the category. A report still with the old category's department follows
    the new category to its department."""
    if category.id == report.category_id:
        raise RuleError(_("The report already has that category."), "choice")
    before = report.category
    report.category = category
    details = {"from": before.slug, "to": category.slug}
    rerouted = (
        category.department is not None
        and report.department_id == before.department_id
        and category.department_id != report.department_id
    )
    _changed(report)
    audit.record(
        "category_changed",
        _("Changed the category from %(before)s to %(after)s.", before=before.name, after=category.name),
        report=report,
        reason=reason,
        details=details,
    )
    if rerouted:
        route(report, category.department, reason=_("The category's department."))


def change_place(report, place, position, reason=None):
    """Correct the place in words or on the map (the place as received is kept)."""
    lat, lon = position if position else (None, None)
    place = plain_text(place) or None
    if (place, lat, lon) == (report.place, report.lat, report.lon):
        raise RuleError(_("The place is unchanged."), "place")
    if report.is_published:
        _check_public_place(report, place)
    details = {"from": [report.place, report.lat, report.lon], "to": [place, lat, lon]}
    report.place, report.lat, report.lon = place, lat, lon
    _changed(report)
    audit.record("place_changed", _("Changed the place."), report=report, reason=reason, details=details)


def set_photo_hidden(report, photo, hidden, reason=None):
    """Hide one photo from the public (a face, a number plate), or show it again."""
    if photo.report_id != report.id:
        raise RuleError(_("The photo belongs to another report."), "reason")
    if photo.is_hidden == hidden:
        raise RuleError(
            _("The photo is already hidden.") if hidden else _("The photo is already shown."), "reason"
        )
    photo.is_hidden = hidden
    _changed(report)
    audit.record(
        "photo_hidden" if hidden else "photo_shown",
        _("Hid photo %(number)s.", number=photo.position + 1) if hidden
        else _("Showed photo %(number)s again.", number=photo.position + 1),
        report=report,
        reason=reason,
        details={"photo_id": photo.id},
    )
