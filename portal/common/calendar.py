"""Calendar files (iCalendar, RFC 5545) that phones and calendar programs import: events and
evening walks alike.

Times carry TZID=Europe/Stockholm with its VTIMEZONE, so a phone shows 19.00 in summer and
winter. Each entry keeps its UID when it changes and gets a higher SEQUENCE, so an imported
copy is updated (or marked cancelled) instead of duplicated. DTSTAMP is the entry's last
change, never the time of the request: the same data gives the same bytes, so a calendar
program polling a feed sees no change where there is none."""
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from icalendar import Calendar, Event

from portal.timeutil import STOCKHOLM, to_local

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    """One thing in a calendar. Times are naive UTC, as the database stores them."""

    uid: str
    changed_at: datetime
    sequence: int
    starts_at: datetime
    ends_at: datetime | None
    summary: str
    location: str | None
    description: str
    url: str
    is_cancelled: bool = False
    geo: tuple | None = None


def minutes_since_epoch(changed_at):
    """A SEQUENCE for a thing without a version column: its last change in whole minutes,
    which grows with every change and fits RFC 5545's 31-bit integer."""
    return int(changed_at.replace(tzinfo=UTC).timestamp()) // 60 % 2**31


def build(entries, name=None):
    """A calendar file's bytes; `name` (X-WR-CALNAME) for a feed someone subscribes to."""
    config = current_app.config
    cal = Calendar()
    cal.add("prodid", f"-//{config['MUNICIPALITY_NAME']}//{config['SERVICE_NAME']}//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", str(STOCKHOLM))
    for entry in entries:
        cal.add_component(_event(entry))
    years = [entry.starts_at.year for entry in entries] or [date.today().year]
    cal.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return cal.to_ical()


def _event(entry):
    changed_at = entry.changed_at.replace(tzinfo=UTC)
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", changed_at)
    event.add("last-modified", changed_at)
    event.add("dtstart", to_local(entry.starts_at))
    if entry.ends_at:
        event.add("dtend", to_local(entry.ends_at))
    event.add("summary", entry.summary)
    if entry.location:
        event.add("location", entry.location)
    if entry.geo:
        event.add("geo", entry.geo)
    event.add("description", entry.description)
    event.add("url", entry.url)
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.is_cancelled else "CONFIRMED")
    return event
