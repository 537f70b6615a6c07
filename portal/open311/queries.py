"""What GET /requests reads: public reports only, in the spec's fields, with its filters.

Only what the public report page shows goes out: the coordinator's public title and text,
the category, the place as published, the position, status, public history and the
public copies of photos. Never the resident's own description or anything from the
contact, notes, device or account.
"""
import re
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.reports.models import Category, Report, UpdateKind
from portal.urls import absolute_url

MAX_SPAN = timedelta(days=90)
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_PAGE = 100_000
PUBLIC_UPDATE_KINDS = (UpdateKind.PUBLISHED, UpdateKind.STATUS, UpdateKind.REPLY)


class BadFilter(ValueError):
    """A filter the API cannot read; its message (Swedish) goes back as a 400."""


def iso(value):
    """A stored time (naive UTC) as ISO 8601 with its offset."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).isoformat(timespec="seconds")


def parse_time(name, text):
    """ISO 8601 with an offset (2026-11-30T12:00:00+01:00 or …Z) as naive UTC."""
    text = text.strip()
    if re.search(r"\d \d\d:?\d\d$", text):
        text = text[:-6] + "+" + text[-5:] if text[-3] == ":" else text[:-5] + "+" + text[-4:]  # an unescaped +
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadFilter(_("%(name)s: give a time in ISO 8601 with its offset, e.g. 2026-11-30T00:00:00+01:00.",
                          name=name)) from None
    if value.tzinfo is None:
        raise BadFilter(_("%(name)s: the time has no offset, such as +01:00 or Z.", name=name))
    return value.astimezone(UTC).replace(tzinfo=None)


def is_number(text):
    """Plain ASCII digits only: "²" is a digit to str.isdigit but no number to int."""
    return text.isascii() and text.isdigit() and len(text) <= 12


def _whole(name, text, low, high):
    text = text.strip()
    if not is_number(text) or not (low <= int(text) <= high):
        raise BadFilter(_("%(name)s: give a whole number from %(low)s to %(high)s.", name=name, low=low, high=high))
    return int(text)


def service_request_ids(text):
    """The ids of ?service_request_id=1,2,3 (at most 100)."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or len(parts) > 100 or not all(is_number(p) and 1 <= int(p) < 2**31 for p in parts):
        raise BadFilter(_("service_request_id: give one or more ids (at most 100) separated by commas."))
    return [int(part) for part in parts]


def open_report_clause():
    """Published, visible reports outside the sensitive categories: the API serves the open
    data set (dcat.rdf says so), which leaves those categories out of every bulk output."""
    sensitive = db.select(Category.id).where(Category.is_sensitive)
    return db.and_(Report.is_published, ~Report.is_hidden, Report.category_id.not_in(sensitive))


def open_reports():
    return db.select(Report).where(open_report_clause())


def request_query(args, now):
    """The select for GET /requests from its query string, and (page, page_size).
    service_request_id wins over every other filter, as the spec says."""
    query = open_reports()
    page = _whole("page", args["page"], 1, MAX_PAGE) if args.get("page") else 1
    size = _whole("page_size", args["page_size"], 1, MAX_PAGE_SIZE) if args.get("page_size") else PAGE_SIZE
    if args.get("service_request_id"):
        ids = service_request_ids(args["service_request_id"])
        return query.where(Report.id.in_(ids)).order_by(Report.created_at.desc(), Report.id.desc()), page, size
    if args.get("service_code"):
        codes = [code.strip() for code in args["service_code"].split(",") if code.strip()][:50]
        category_ids = db.session.scalars(db.select(Category.id).where(Category.slug.in_(codes))).all()
        query = query.where(Report.category_id.in_(category_ids or [-1]))
    if args.get("status"):
        statuses = {s.strip() for s in args["status"].split(",")}
        if not statuses <= {"open", "closed"}:
            raise BadFilter(_("status: use open or closed."))
        if statuses == {"open"}:
            query = query.where(Report.closed_at.is_(None))
        elif statuses == {"closed"}:
            query = query.where(Report.closed_at.is_not(None))
    start = parse_time("start_date", args["start_date"]) if args.get("start_date") else None
    end = parse_time("end_date", args["end_date"]) if args.get("end_date") else None
    if start is None and end is None:
        end = now + timedelta(seconds=1)
        start = end - MAX_SPAN
    elif start is None:
        start = end - MAX_SPAN
    elif end is None:
        end = min(start + MAX_SPAN, now + timedelta(seconds=1))
    if end <= start:
        raise BadFilter(_("end_date must be later than start_date."))
    if end - start > MAX_SPAN:
        raise BadFilter(_("The period from start_date to end_date may be at most 90 days."))
    query = query.where(Report.created_at >= start, Report.created_at < end)
    if args.get("updated_after"):
        query = query.where(Report.updated_at > parse_time("updated_after", args["updated_after"]))
    if args.get("updated_before"):
        query = query.where(Report.updated_at < parse_time("updated_before", args["updated_before"]))
    return query.order_by(Report.created_at.desc(), Report.id.desc()), page, size


def fetch(query, page, size):
    return db.session.scalars(
        query.options(selectinload(Report.category).selectinload(Category.department),
                      selectinload(Report.photos), selectinload(Report.updates),
                      selectinload(Report.department))
        .limit(size).offset((page - 1) * size)
    ).all()


def public_notes(report):
    """The report's public history lines, oldest first (what its public page shows)."""
    return [update for update in report.updates if update.kind in PUBLIC_UPDATE_KINDS]


def status_notes(report):
    """The newest public note of a status change or reply, as status_notes."""
    for update in reversed(report.updates):
        if update.kind in (UpdateKind.STATUS, UpdateKind.REPLY) and update.message:
            return update.message
    return None


def media_url(report):
    photo = next(iter(report.public_photos), None)
    if photo is None:
        return None
    return absolute_url("reports.public_photo", report_id=report.id, photo_id=photo.id)


def request_row(report, extensions=False):
    """One report in the spec's fields; with extensions, FixMyStreet-style extras."""
    department = report.department or report.category.department
    row = {
        "service_request_id": str(report.id),
        "status": "closed" if report.closed_at is not None else "open",
        "status_notes": status_notes(report),
        "service_name": report.category.name,
        "service_code": report.category.slug,
        "description": report.public_text or "",
        "agency_responsible": department.name if department else current_app.config["MUNICIPALITY_NAME"],
        "service_notice": report.category.notice,
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": None,
        "address": report.place,
        "address_id": None,
        "zipcode": None,
        "lat": report.lat,
        "long": report.lon,
        "media_url": media_url(report),
    }
    if extensions:
        row["extended_attributes"] = {
            "title": report.public_title,
            "reference": report.reference,
            "status_detail": report.status.value,
            "url": absolute_url("reports.show", report_id=report.id),
            "notes": [update_row(update) for update in public_notes(report)],
        }
    return row


def update_row(update):
    """One public history line, as servicerequestupdates and the notes give it."""
    report = update.report
    return {
        "update_id": str(update.id),
        "service_request_id": str(report.id),
        "status": "closed" if (update.status or report.status).is_closed else "open",
        "status_detail": update.status.value if update.status else None,
        "kind": update.kind.value,
        "updated_datetime": iso(update.created_at),
        "description": update.message if update.kind is not UpdateKind.PUBLISHED else report.public_text,
        "media_url": None,
    }
