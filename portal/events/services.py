"""The rules for events: drafts, publishing, changes and unpublishing as in portal.editorial;
a change of time, place or cancellation tells calendars (the iCalendar SEQUENCE)."""
from flask_babel import lazy_gettext as _l

from portal import editorial
from portal.events.models import Event
from portal.markup import render_markdown
from portal.sanitize import plain_text


def _state(event):
    return {
        "title": event.title,
        "starts_at": event.starts_at.isoformat() if event.starts_at else None,
        "ends_at": event.ends_at.isoformat() if event.ends_at else None,
        "place": event.place,
        "description": event.description_source,
        "is_cancelled": event.is_cancelled,
    }


def _apply(event, content):
    before = _state(event)
    event.title = plain_text(content.title)
    event.starts_at = content.starts_at
    event.ends_at = content.ends_at
    event.place = plain_text(content.place)
    event.description_source = content.description
    event.description_html = render_markdown(content.description)
    event.is_cancelled = content.is_cancelled
    if event.id is not None and _state(event) != before:
        event.sequence = (event.sequence or 0) + 1


EVENTS = editorial.Kind(
    code="event",
    model=Event,
    apply=_apply,
    state=_state,
    messages={
        "created": _l("Created the event %(title)s."),
        "changed": _l("Changed the event %(title)s."),
        "published": _l("Published the event %(title)s."),
        "scheduled": _l("Published the event %(title)s."),
        "unpublished": _l("Unpublished the event %(title)s."),
        "already_draft": _l("The event is already a draft."),
    },
)

