"""Reports of a period as CSV for Excel in Sweden, limited to what the user may handle.

Every export is written to the audit log with its period, row count and whether contact
details were included (counts only, never the data). Services flush; the route commits.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload, selectinload

from portal.accounts.permissions import visible_to
from portal.audit import services as audit
from portal.common.csvfile import csv_bytes
from portal.common.dates import numeric_date_and_time
from portal.extensions import db
from portal.periods import utc_range
from portal.reports.models import Report


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    rows: int


def export_reports(user, first_day, last_day, include_contact, reason):
    """Build the CSV of reports received first_day..last_day (Stockholm days) that `user`
    may handle, and log the export."""
    reports = _reports(user, first_day, last_day, include_contact)
    content = csv_bytes(_header(include_contact), (_row(r, include_contact) for r in reports))
    with_contact = sum(bool(include_contact and report.contact) for report in reports)
    _log(first_day, last_day, len(reports), include_contact, with_contact, reason)
    filename = f"anmalningar-{first_day.isoformat()}-{last_day.isoformat()}.csv"
    return Export(filename, content, len(reports))


def _reports(user, first_day, last_day, include_contact):
    start, end = utc_range(first_day, last_day)
    query = (
        db.select(Report)
        .where(Report.created_at >= start, Report.created_at < end)
        .options(joinedload(Report.category), joinedload(Report.department))
        .order_by(Report.created_at, Report.id)
    )
    if include_contact:
        query = query.options(selectinload(Report.contact))
    return db.session.scalars(visible_to(user, query)).all()


def _header(include_contact):
    columns = [
        _("Report number"), _("Received at"), _("Category"), _("Department"), _("Status"),
        _("Place"), _("Latitude"), _("Longitude"), _("Published"), _("Hidden"), _("Closed at"),
        _("Public title"), _("Description"),
    ]
    if include_contact:
        columns += [_("Name"), _("Email"), _("Phone")]
    return columns


def _row(report, include_contact):
    row = [
        report.reference,
        numeric_date_and_time(report.created_at),
        report.category.name,
        report.department.name if report.department else "",
        str(report.status.label),
        report.place,
        _decimal(report.lat),
        _decimal(report.lon),
        _("yes") if report.is_published else _("no"),
        _("yes") if report.is_hidden else _("no"),
        numeric_date_and_time(report.closed_at),
        report.public_title,
        report.description,
    ]
    if include_contact:
        contact = report.contact
        row += [contact.name, contact.email, contact.phone] if contact else ["", "", ""]
    return row


def _decimal(value):
    """A decimal comma, as Swedish Excel expects when the separator is a semicolon."""
    return f"{value:.6f}".replace(".", ",") if value is not None else ""


def _log(first_day, last_day, rows, include_contact, with_contact, reason):
    period = {"from": first_day.isoformat(), "to": last_day.isoformat()}
    if include_contact:
        summary = ngettext(
            "Exported %(rows)s report received %(from)s to %(to)s, including the contact "
            "details of %(with_contact)s of them.",
            "Exported %(rows)s reports received %(from)s to %(to)s, including the contact "
            "details of %(with_contact)s of them.",
            rows, rows=rows, with_contact=with_contact, **period,
        )
    else:
        summary = ngettext(
            "Exported %(rows)s report received %(from)s to %(to)s, without contact details.",
            "Exported %(rows)s reports received %(from)s to %(to)s, without contact details.",
            rows, rows=rows, **period,
        )
    audit.record(
        "export",
        summary,
        reason=reason,
        details={
            "period_from": period["from"],
            "period_to": period["to"],
            "rows": rows,
            "contact_details": bool(include_contact),
            "rows_with_contact_details": with_contact,
        },
    )
