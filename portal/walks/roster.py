"""Who walks: the roster as CSV, who came, and the walkers' reports after the walk.
Services flush and write the audit log (counts and ids, never walkers' details); routes commit."""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.audit import services as audit
from portal.common.csvfile import csv_bytes
from portal.common.dates import date_and_time, numeric_date_and_time
from portal.common.rules import RuleError
from portal.extensions import db
from portal.i18n import current_locale_code
from portal.reports import services as reports
from portal.sanitize import plain_text
from portal.timeutil import to_local, utcnow
from portal.walks.models import SignupStatus, WalkReport


def roster(slot):
    """The places in sign-up order, then the waiting list in its order."""
    return slot.confirmed + slot.waiting


def roster_csv(slot):
    """The roster for Excel in Sweden (the export's CSV format); the download is logged."""
    header = [_("Name"), _("Phone"), _("Email"), _("First walk"), _("Status"),
              _("Waiting list number"), _("Came"), _("Signed up at")]
    rows = []
    for number, signup in enumerate(roster(slot), start=1):
        waiting = signup.status is SignupStatus.WAITING
        rows.append((
            signup.name, signup.phone, signup.email,
            _("Yes") if signup.is_first_walk else _("No"),
            signup.status.label,
            number - len(slot.confirmed) if waiting else "",
            {True: _("Yes"), False: _("No"), None: ""}[signup.attended],
            numeric_date_and_time(signup.created_at),
        ))
    content = csv_bytes(header, rows)
    audit.record(
        "walk_roster_export",
        _("Downloaded the list of walkers for %(when)s.", when=date_and_time(slot.starts_at)),
        details={"slot_id": slot.id, "rows": len(rows)},
    )
    filename = f"kvallspromenad-{to_local(slot.starts_at):%Y-%m-%d}-{slot.id}.csv"
    return filename, content


def mark_attendance(slot, marks):
    """`marks` maps sign-up ids to True (came), False (did not) or None (not known)."""
    if not slot.has_started:
        raise RuleError(_("You can mark who came once the walk has started."))
    changed = 0
    for signup in slot.confirmed:
        if signup.id in marks and signup.attended != marks[signup.id]:
            signup.attended = marks[signup.id]
            changed += 1
    if changed:
        slot.updated_at = utcnow()  # the lägesbild's cache fingerprint sees the change
    db.session.flush()
    if changed:
        audit.record(
            "walk_attendance",
            _("Marked who came on the walk on %(when)s.", when=date_and_time(slot.starts_at)),
            details={"slot_id": slot.id, "changed": changed,
                     "came": sum(1 for s in slot.confirmed if s.attended)},
        )
    return changed


def submit_report(signup, form):
    """A walker's report after the walk: one per walker and walk."""
    slot = signup.slot
    if signup.status is not SignupStatus.CONFIRMED or slot.is_cancelled:
        raise RuleError(_("This link is not for a walk you had a place on."))
    if not slot.has_started:
        raise RuleError(_("You can write the report once the walk has started."))
    if signup.report is not None:
        raise RuleError(_("Your report for this walk has already been sent. Thank you!"))
    walk_report = WalkReport(
        slot=slot,
        signup=signup,
        areas_walked=plain_text(form.areas_walked.data),
        youths_met=form.youths_met.data,
        observations=plain_text(form.observations.data) or None,
        incidents=plain_text(form.incidents.data) or None,
        police_called=bool(form.police_called.data),
        emergency_called=bool(form.emergency_called.data),
        free_text=plain_text(form.free_text.data) or None,
        submitted_at=utcnow(),
        locale=current_locale_code(),
    )
    db.session.add(walk_report)
    try:
        db.session.flush()
    except IntegrityError:  # the same report sent twice at once: the other one was first
        raise RuleError(_("Your report for this walk has already been sent. Thank you!")) from None
    return walk_report


def forward(walk_report, category, description):
    """Turn what walkers saw into a report in the moderation queue: unpublished, status
    received, the walk's area and meeting point as the place, no contact details."""
    if walk_report.report_id is not None:
        raise RuleError(
            _("This walk report is already report %(reference)s.", reference=walk_report.report.reference),
            "description",
        )
    slot = walk_report.slot
    place = f"{slot.area} ({slot.meeting_point})"[:300]
    report = reports.receive_report(
        category=category,
        description=plain_text(description),
        place=place,
        position=slot.position,
        checked_photos=[],
        contact=None,
    )
    walk_report.report = report
    db.session.flush()
    audit.record(
        "walk_report_forwarded",
        _("Made report %(reference)s from a walk report of %(when)s.",
          reference=report.reference, when=date_and_time(slot.starts_at)),
        report=report,
        details={"slot_id": slot.id, "walk_report_id": walk_report.id},
    )
    return report
