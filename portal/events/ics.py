"""An event as an entry of a calendar file (portal.common.calendar builds the file): a UID
that stays, and the event's SEQUENCE, which grows with each change."""
from portal.common import calendar
from portal.feeds import tag_uri
from portal.sanitize import plain_text
from portal.urls import absolute_url


def event_ics(event):
    """The .ics file's bytes for one published event."""
    return calendar.build([calendar.Entry(
        uid=tag_uri(f"evenemang/{event.id}", event.created_at),
        changed_at=event.updated_at,
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        location=event.place,
        description=plain_text(event.description_html),
        url=absolute_url("events.show", event_id=event.id),
        is_cancelled=event.is_cancelled,
    )])
