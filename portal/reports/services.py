"""The rules for reports: receiving, publishing, finding nearby ones. Services flush; routes commit."""
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.i18n import current_locale_code
from portal.mail import services as mail
from portal.reports import photos
from portal.reports.models import (
    Category,
    Report,
    ReportContact,
    ReportPhoto,
    ReportStatus,
    ReportUpdate,
    UpdateKind,
)
from portal.reports.nearby import reports_near
from portal.timeutil import utcnow
from portal.urls import absolute_url


@dataclass(frozen=True)
class Contact:
    name: str | None
    email: str | None
    phone: str | None
    wants_replies: bool

    @property
    def is_empty(self):
        return not (self.name or self.email or self.phone)


def new_follow_token():
    """256 random bits, URL-safe: the only key to a report's private follow page."""
    return secrets.token_urlsafe(32)


def receive_report(category, description, place, position, checked_photos, contact):
    """Register a report exactly as received, its photos and contact, and queue the receipt.

    Starts unpublished with status "received": nothing a resident writes is public until a
    coordinator publishes it.
    """
    lat, lon = position if position else (None, None)
    report = Report(
        category=category,
        department_id=category.department_id,
        description=description,
        place=place or None,
        lat=lat,
        lon=lon,
        original_category=category,
        original_place=place or None,
        original_lat=lat,
        original_lon=lon,
        status=ReportStatus.RECEIVED,
        follow_token=new_follow_token(),
        locale=current_locale_code(),
    )
    if contact and not contact.is_empty:
        report.contact = ReportContact(
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            wants_replies=bool(contact.email and contact.wants_replies),
        )
    for position_no, photo in enumerate(checked_photos):
        original_file, public_file = photos.store(photo)
        report.photos.append(
            ReportPhoto(
                position=position_no,
                original_file=original_file,
                public_file=public_file,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
            )
        )
    report.updates.append(
        ReportUpdate(kind=UpdateKind.RECEIVED, status=ReportStatus.RECEIVED)
    )
    db.session.add(report)
    db.session.flush()
    if report.contact and report.contact.email:
        mail.enqueue(
            report.contact.email,
            _("Your report %(reference)s has been received", reference=report.reference),
            "mail/report_receipt.txt",
            report=report,
            follow_url=absolute_url("reports.follow", token=report.follow_token),
        )
    return report


def publish_report(report, title, text):
    """Make a report public with a coordinator's edited title and text (the original stays)."""
    report.public_title = title.strip()
    report.public_text = text.strip()
    if not report.is_published:
        report.is_published = True
        report.published_at = utcnow()
        report.updates.append(ReportUpdate(kind=UpdateKind.PUBLISHED))
    db.session.flush()
    return report


def public_reports(category_id=None, status=None):
    """The query behind /rapporter: public reports, newest first, optionally filtered."""
    query = (
        Report.public()
        .options(selectinload(Report.category), selectinload(Report.updates))
        .order_by(Report.published_at.desc(), Report.id.desc())
    )
    if category_id:
        query = query.where(Report.category_id == category_id)
    if status:
        query = query.where(Report.status == status)
    return query


def public_changed_at(report):
    """When the public page of a report last changed: published, or its newest public
    history line (status change, reply)."""
    times = [report.published_at] + [update.created_at for update in report.updates]
    return max((time for time in times if time is not None), default=None)


def nearby_public_reports(category_id, lat, lon, metres=None, limit=5):
    """Public reports of a category within `metres` of a point, nearest first, with distances."""
    metres = metres or current_app.config["REPORT_NEARBY_METRES"]
    return reports_near(Report.public().where(Report.category_id == category_id), lat, lon, metres, limit)


def active_categories():
    return db.session.scalars(Category.active()).all()
