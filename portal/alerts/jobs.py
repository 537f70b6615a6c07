"""Sending alerts: one bounded job per frequency ("daily" from cron, "instant" with every
round of the mail sender).

A run claims the window (until, now] of its frequency with one conditional UPDATE, then
reads, in one set-based query per batch of alerts, every public history line in that
window joined to the confirmed alerts it matches (box, category, report); never a query
per subscriber per report. Each alert with something new gets one mail, with its own
unsubscribe link, in the same transaction as the claim.
"""
from collections import defaultdict
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, update
from sqlalchemy.orm import selectinload

from portal.alerts.models import Alert, AlertKind, AlertRun
from portal.extensions import db
from portal.mail import services as mail
from portal.reports import geo
from portal.reports.models import Report, ReportUpdate, UpdateKind
from portal.timeutil import utcnow
from portal.urls import absolute_url

BATCH = 2000
CHANGES = (UpdateKind.STATUS, UpdateKind.REPLY)


def _claim(frequency, now):
    """The start of this run's window, or None when another run holds it."""
    run = db.session.get(AlertRun, frequency)
    if run is None:
        start = now - timedelta(days=1)
        db.session.add(AlertRun(frequency=frequency, until=now))
        try:
            db.session.flush()
        except Exception:  # another run inserted it first
            db.session.rollback()
            return None
        return start
    start = run.until
    if start >= now:
        return None
    claimed = db.session.execute(
        update(AlertRun).where(AlertRun.frequency == frequency, AlertRun.until == start).values(until=now)
    )
    return start if claimed.rowcount == 1 else None


def _matches(alert_ids, start, now):
    """(alert id, update id) for every public history line in (start, now] that an alert
    in `alert_ids` asked for; one query."""
    place = or_(Alert.south.is_(None),
                and_(Report.lat.between(Alert.south, Alert.north), Report.lon.between(Alert.west, Alert.east)))
    category = or_(Alert.category_id.is_(None), Alert.category_id == Report.category_id)
    kinds = or_(ReportUpdate.kind == UpdateKind.PUBLISHED,
                and_(Alert.with_changes, ReportUpdate.kind.in_(CHANGES)))
    by_place = and_(Alert.report_id.is_(None), place, category, kinds)
    by_report = and_(Alert.report_id == Report.id, ReportUpdate.kind.in_(CHANGES))
    query = (
        db.select(Alert.id, ReportUpdate.id, Alert.kind, Alert.lat, Alert.lon, Alert.radius_m,
                  Report.lat, Report.lon)
        .select_from(ReportUpdate)
        .join(Report, Report.id == ReportUpdate.report_id)
        .join(Alert, or_(by_place, by_report))
        .where(ReportUpdate.created_at > start, ReportUpdate.created_at <= now,
               ReportUpdate.created_at > Alert.confirmed_at,
               ReportUpdate.kind.in_((UpdateKind.PUBLISHED, *CHANGES)),
               Report.is_published, ~Report.is_hidden, Alert.id.in_(alert_ids))
        .order_by(Alert.id, ReportUpdate.created_at, ReportUpdate.id)
    )
    for alert_id, update_id, kind, lat, lon, radius, report_lat, report_lon in db.session.execute(query):
        if kind == AlertKind.RADIUS.value and (
                report_lat is None or geo.distance_m(lat, lon, report_lat, report_lon) > radius):
            continue
        yield alert_id, update_id


def run(frequency, now=None):
    """Queue the alert mails of one frequency for the window since its last run; returns
    (alerts mailed, lines sent). Safe to run often and in parallel."""
    now = now or utcnow()
    start = _claim(frequency, now)
    if start is None:
        db.session.commit()
        return 0, 0
    active = db.select(Alert.id).where(Alert.frequency == frequency, Alert.confirmed_at.is_not(None),
                                       Alert.ended_at.is_(None))
    mailed = lines = 0
    last_id = 0
    limit = current_app.config["ALERT_MAX_ITEMS"]
    while True:
        ids = db.session.scalars(active.where(Alert.id > last_id).order_by(Alert.id).limit(BATCH)).all()
        if not ids:
            break
        last_id = ids[-1]
        found = defaultdict(list)
        for alert_id, update_id in _matches(ids, start, now):
            found[alert_id].append(update_id)
        if not found:
            continue
        updates = {u.id: u for u in db.session.scalars(
            db.select(ReportUpdate).where(ReportUpdate.id.in_({i for ids_ in found.values() for i in ids_[:limit]}))
            .options(selectinload(ReportUpdate.report).selectinload(Report.category)))}
        alerts = db.session.scalars(db.select(Alert).where(Alert.id.in_(found))
                                    .options(selectinload(Alert.subscriber))).all()
        for alert in alerts:
            shown = [updates[i] for i in found[alert.id][:limit]]
            _mail(alert, shown, len(found[alert.id]) - len(shown), frequency)
            alert.last_sent_at = now
            mailed += 1
            lines += len(shown)
    db.session.commit()
    return mailed, lines


def _mail(alert, shown, more, frequency):
    with mail.in_language(alert.locale):
        subject = (_("%(count)s new for your alert: %(label)s", count=len(shown) + more, label=alert.label)
                   if alert.kind != AlertKind.REPORT.value
                   else _("News about %(label)s", label=alert.label))
        unsubscribe = absolute_url("alerts.unsubscribe", token=alert.token)
        mail.enqueue(
            alert.subscriber.email, subject[:200], "mail/alert_digest.txt",
            list_unsubscribe=unsubscribe,
            alert=alert, updates=shown, more=more, frequency=frequency,
            report_url=lambda report: absolute_url("reports.show", report_id=report.id),
            list_url=absolute_url("reports.index"),
            page_url=absolute_url("alerts.subscriber", token=alert.subscriber.token),
            unsubscribe_url=unsubscribe,
        )


def send_instant():
    """The periodic mail job: alerts that asked to be told at once."""
    run("instant")
