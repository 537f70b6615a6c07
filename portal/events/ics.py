"""An event as an iCalendar file (RFC 5545) that phones and calendar programs import: times
in Europe/Stockholm with its VTIMEZONE, a UID that stays, and a SEQUENCE that grows with
each change so an imported copy is updated, or marked cancelled."""
from datetime import timezone

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from portal.feeds import tag_uri
from portal.sanitize import plain_text
from portal.timeutil import to_local
from portal.urls import absolute_url


def event_ics(event):
    """The .ics file's bytes for one published event."""
    config = current_app.config
    calendar = Calendar()
    calendar.add("prodid", f"-//{config['MUNICIPALITY_NAME']}//{config['SERVICE_NAME']}//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    entry = CalendarEvent()
    entry.add("uid", tag_uri(f"evenemang/{event.id}", event.created_at))
    entry.add("dtstamp", event.updated_at.replace(tzinfo=timezone.utc))
    entry.add("dtstart", to_local(event.starts_at))
    if event.ends_at:
        entry.add("dtend", to_local(event.ends_at))
    entry.add("summary", event.title)
    entry.add("location", event.place)
    entry.add("description", plain_text(event.description_html))
    entry.add("url", absolute_url("events.show", event_id=event.id))
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
