"""Asking for alerts, confirming and ending them. Services flush; routes commit.

Nothing is mailed to an address before it confirms, except the confirmation itself; the
confirmations one address can receive are limited, so the form cannot be used to flood
someone's inbox.
"""
import hashlib
import hmac

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func

from portal.alerts.models import RADII, Alert, AlertKind, Subscriber
from portal.areas import configured_areas
from portal.common.rules import RuleError
from portal.extensions import db
from portal.mail import services as mail
from portal.ratelimits import counters
from portal.reports import geo
from portal.reports.models import Report
from portal.reports.services import new_follow_token
from portal.timeutil import utcnow
from portal.urls import absolute_url

MAX_ACTIVE_ALERTS = 20


def _locale():
    return str(get_locale() or "sv")


def area_by_slug(slug):
    return next((area for area in configured_areas() if area.slug == slug), None)


def place_from_words(words):
    """(lat, lon, label) of a place named in words, found only among the configured areas
    and the places of published reports (no outside geocoder); None when unknown."""
    wanted = " ".join((words or "").split()).casefold()
    if not wanted:
        return None
    for area in configured_areas():
        if area.name.casefold() == wanted:
            return (area.south + area.north) / 2, (area.west + area.east) / 2, area.name
    known = db.session.execute(
        Report.public().with_only_columns(Report.place, Report.lat, Report.lon)
        .where(Report.lat.is_not(None), func.lower(Report.place) == wanted)
        .order_by(Report.id.desc()).limit(1)
    ).first()
    if known is None:
        known = db.session.execute(
            Report.public().with_only_columns(Report.place, Report.lat, Report.lon)
            .where(Report.lat.is_not(None), func.lower(Report.place).like(_like_prefix(wanted)))
            .order_by(Report.id.desc()).limit(1)
        ).first()
    return (known.lat, known.lon, known.place) if known else None


def _like_prefix(words):
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _subscriber(email):
    subscriber = db.session.scalar(db.select(Subscriber).where(Subscriber.email == email))
    if subscriber is None:
        subscriber = Subscriber(email=email, token=new_follow_token(), locale=_locale())
        db.session.add(subscriber)
        db.session.flush()
    return subscriber


def _address_key(email):
    return hmac.new(current_app.config["SECRET_KEY"].encode(), email.encode(), hashlib.sha256).hexdigest()[:32]


def _spend_confirmation(email):
    """At most ALERT_CONFIRMATIONS_PER_ADDRESS confirmation mails to one address (keyed hash:
    the counter store never holds the address)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    if not counters().hit(current_app.config["ALERT_CONFIRMATIONS_PER_ADDRESS"], "alert-address",
                          _address_key(email)):
        raise RuleError(_("We have already sent several confirmations to this address today. "
                          "Confirm one of them, or try again tomorrow."), "email")


def request_alert(email, *, kind, category=None, area_slug=None, position=None, radius_m=None,
                  place_words=None, report=None, with_changes=False, frequency="daily"):
    """Register an unconfirmed alert and mail the confirmation link. Raises RuleError."""
    alert = Alert(kind=kind.value, with_changes=bool(with_changes), frequency=frequency,
                  token=new_follow_token(), locale=_locale())
    if kind is AlertKind.AREA:
        area = area_by_slug(area_slug)
        if area is None:
            raise RuleError(_("Choose an area."), "area")
        alert.area_slug, alert.label = area.slug, area.name
        alert.south, alert.west, alert.north, alert.east = area.south, area.west, area.north, area.east
    elif kind is AlertKind.RADIUS:
        if radius_m not in RADII:
            raise RuleError(_("Choose a distance."), "radius")
        if position is None:
            found = place_from_words(place_words)
            if found is None:
                names = ", ".join(area.name for area in configured_areas())
                raise RuleError(_("We cannot find “%(place)s”. Write the name of a locality (%(names)s) or "
                                  "a street as it is written in published reports.",
                                  place=(place_words or "")[:80], names=names), "place")
            lat, lon, label = found
        else:
            lat, lon = position
            label = _("the point on the map")  # never typed words: they go into mail before opt-in
        if not geo.inside(current_app.config["MAP_BOUNDS"], lat, lon):
            raise RuleError(_("The place is outside the municipality."), "place")
        alert.lat, alert.lon, alert.radius_m = lat, lon, radius_m
        alert.south, alert.west, alert.north, alert.east = geo.bounding_box(lat, lon, radius_m)
        alert.label = _("%(distance)s around %(place)s", distance=distance_label(radius_m), place=label)[:200]
    elif kind is AlertKind.CATEGORY:
        if category is None:
            raise RuleError(_("Choose a category."), "category")
    elif kind is AlertKind.REPORT:
        if report is None or not report.is_public:
            raise RuleError(_("The report is not published."))
        alert.report_id, alert.with_changes, alert.frequency = report.id, True, "instant"
        alert.label = _("Report %(reference)s: %(title)s", reference=report.reference,
                        title=report.public_title)[:200]
    if category is not None and kind is not AlertKind.REPORT:
        alert.category_id = category.id
        alert.label = (f"{alert.label} · {category.name}" if alert.label else category.name)[:200]
    subscriber = _subscriber(email)
    active = sum(1 for existing in subscriber.alerts if existing.ended_at is None)
    if active >= MAX_ACTIVE_ALERTS:
        raise RuleError(_("This address already has %(count)s alerts. End some of them first.",
                          count=MAX_ACTIVE_ALERTS), "email")
    _spend_confirmation(email)
    subscriber.alerts.append(alert)
    db.session.flush()
    mail.enqueue(
        email,
        _("Confirm your alert: %(label)s", label=alert.label),
        "mail/alert_confirm.txt",
        alert=alert,
        confirm_url=absolute_url("alerts.confirm", token=alert.token),
    )
    return alert


def distance_label(metres):
    return _("%(km)s km", km=metres // 1000) if metres >= 1000 and metres % 1000 == 0 else \
        _("%(metres)s m", metres=metres)


def alert_by_token(token):
    return db.session.scalar(db.select(Alert).where(Alert.token == token))


def subscriber_by_token(token):
    return db.session.scalar(db.select(Subscriber).where(Subscriber.token == token))


def confirm(alert):
    """Start sending; confirming twice changes nothing."""
    if alert.confirmed_at is None and alert.ended_at is None:
        alert.confirmed_at = utcnow()
        db.session.flush()
        return True
    return False


def end(alert):
    """End an alert for good (idempotent: a second unsubscribe is a no-op)."""
    if alert.ended_at is None:
        alert.ended_at = utcnow()
        db.session.flush()
        return True
    return False
