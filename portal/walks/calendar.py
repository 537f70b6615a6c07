"""Walks as iCalendar (RFC 5545): one slot's .ics, and a walker's private feed of their own
walks. Times carry TZID=Europe/Stockholm with its VTIMEZONE, so a phone shows 19.00 in
summer and winter alike; the UID stays the same when a slot changes, so calendars update."""
from datetime import date, timezone
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal.timeutil import STOCKHOLM, to_local, utcnow
from portal.urls import absolute_url

CONTENT_TYPE = "text/calendar; charset=utf-8"


def slot_uid(slot):
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "trygghetsportalen"
    return f"walk-slot-{slot.id}@{host}"


def _event(slot):
    event = Event()
    event.add("uid", slot_uid(slot))
    event.add("dtstamp", utcnow().replace(tzinfo=timezone.utc))
    event.add("last-modified", slot.updated_at.replace(tzinfo=timezone.utc))
    event.add("dtstart", to_local(slot.starts_at))
    event.add("dtend", to_local(slot.ends_at))
    event.add("summary", _("Evening walk: %(area)s", area=slot.area))
    event.add("location", slot.meeting_point)
    if slot.position:
        event.add("geo", slot.position)
    url = absolute_url("walks.slot", slot_id=slot.id)
    lines = [_("Area or route: %(area)s", area=slot.area),
             _("Meeting point: %(place)s", place=slot.meeting_point)]
    if slot.notes:
        lines.append(slot.notes)
    if slot.is_cancelled:
        lines.insert(0, _("Cancelled: %(reason)s", reason=slot.cancel_reason or ""))
    lines += ["", _("Call 112 if someone is in danger."), url]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if slot.is_cancelled else "CONFIRMED")
    event.add("sequence", int(slot.updated_at.timestamp()) // 60 % 2**31)
    return event


def build(slots, name=None):
    """A calendar of `slots` as bytes, with the Stockholm VTIMEZONE for the years it needs."""
    cal = Calendar()
    cal.add("prodid", f"-//{current_app.config['SERVICE_NAME']}//Kvällspromenader//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or _("Evening walks"))
    cal.add("x-wr-timezone", str(STOCKHOLM))
    years = [s.starts_at.year for s in slots] or [utcnow().year]
    for slot in slots:
        cal.add_component(_event(slot))
    cal.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return cal.to_ical()


def filename(slot):
    return f"kvallspromenad-{to_local(slot.starts_at):%Y-%m-%d}-{slot.id}.ics"
