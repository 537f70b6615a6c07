"""Residents in the loop, for the demo: alerts (confirmed, waiting, ended) on a few
fictional addresses, a followed report, "me too" on unsafe places, a reporter's added
information, and answers to "is it still fixed?". A few dozen rows through the ORM."""
from datetime import timedelta

from sqlalchemy import select

from portal.alerts.models import Alert, Subscriber
from portal.areas import configured_areas
from portal.demo.bulk import token
from portal.extensions import db
from portal.followup import survey
from portal.followup.models import FixedSurvey, ReportAddition
from portal.metoo.models import MeToo
from portal.metoo.services import keyed
from portal.reports.models import Category, Report, ReportContact, ReportStatus


def add_residents(rng, now):
    public = db.session.scalars(Report.public().order_by(Report.id.desc()).limit(200)).all()
    areas = configured_areas()
    for number in range(1, 6):
        subscriber = Subscriber(email=f"boende{number}@example.se", token=token(rng, 32),
                                created_at=now - timedelta(days=number * 9))
        area = areas[number % len(areas)] if areas else None
        if area is not None:
            subscriber.alerts.append(Alert(
                kind="area", label=area.name, area_slug=area.slug, south=area.south, west=area.west,
                north=area.north, east=area.east, frequency="daily" if number % 2 else "instant",
                with_changes=number % 3 == 0, token=token(rng, 32), created_at=subscriber.created_at,
                confirmed_at=None if number == 5 else subscriber.created_at + timedelta(hours=1),
                ended_at=subscriber.created_at + timedelta(days=3) if number == 4 else None))
        if public and number <= 2:
            report = public[number]
            subscriber.alerts.append(Alert(
                kind="report", label=f"Anmälan {report.reference}: {report.public_title}"[:200],
                report_id=report.id, with_changes=True, frequency="instant", token=token(rng, 32),
                created_at=subscriber.created_at, confirmed_at=subscriber.created_at + timedelta(minutes=5)))
        db.session.add(subscriber)

    unsafe = [r for r in public if r.category.slug == "otrygg-plats"][:12]
    for report in unsafe:
        for voter in range(rng.randint(0, 9)):
            db.session.add(MeToo(report_id=report.id, voter=keyed("metoo", report.id, f"demo-{voter}"),
                                 created_at=max(report.published_at, now - timedelta(days=rng.randint(0, 60)))))

    open_with_contact = db.session.scalars(
        select(Report).join(ReportContact).where(Report.status.in_((ReportStatus.RECEIVED, ReportStatus.CONFIRMED)))
        .order_by(Report.id.desc()).limit(2)).all()
    for report in open_with_contact:
        db.session.add(ReportAddition(report_id=report.id, created_at=report.created_at + timedelta(hours=5),
                                      text="Det gäller den södra delen, närmast cykelbanan."))

    fixed = db.session.scalars(
        select(Report).join(ReportContact).join(Category, Category.id == Report.category_id)
        .where(Report.status == ReportStatus.FIXED, ReportContact.wants_replies, ReportContact.email.is_not(None))
        .order_by(Report.closed_at.desc()).limit(30)).all()
    for index, report in enumerate(fixed):
        sent = report.closed_at + timedelta(days=28)
        if sent > now:
            continue
        answered = index % 5 != 0
        db.session.add(FixedSurvey(report_id=report.id, sent_at=sent,
                                   answered_at=sent + timedelta(days=1) if answered else None,
                                   stayed_fixed=True if answered else None))
        if index in (1, 6):  # "not fixed": reopened by the same rule as on the site
            db.session.flush()
            survey.answer(report, False, "Det har kommit tillbaka.")
    db.session.flush()
