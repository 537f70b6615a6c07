"""Walks as calendar entries (portal.common.calendar builds the file): one slot's .ics, and
a walker's private feed of their own walks. The UID stays the same when a slot changes and
the SEQUENCE grows with its last change, so calendars update."""
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from portal.common import calendar
from portal.timeutil import to_local
from portal.urls import absolute_url


def slot_uid(slot):
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "trygghetsportalen"
    return f"walk-slot-{slot.id}@{host}"


def _entry(slot):
    url = absolute_url("walks.slot", slot_id=slot.id)
    lines = [_("Area or route: %(area)s", area=slot.area),
             _("Meeting point: %(place)s", place=slot.meeting_point)]
    if slot.notes:
        lines.append(slot.notes)
    if slot.is_cancelled:
        lines.insert(0, _("Cancelled: %(reason)s", reason=slot.cancel_reason or ""))
    lines += ["", _("Call 112 if someone is in danger."), url]
    return calendar.Entry(
        uid=slot_uid(slot),
        changed_at=slot.updated_at,
        sequence=calendar.minutes_since_epoch(slot.updated_at),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("Evening walk: %(area)s", area=slot.area),
        location=slot.meeting_point,
        description="\n".join(lines),
        url=url,
        is_cancelled=slot.is_cancelled,
        geo=slot.position,
    )


def build(slots, name=None):
    """A calendar of `slots` as bytes, named `name` (a feed) or "Evening walks"."""
    return calendar.build([_entry(slot) for slot in slots], name=name or _("Evening walks"))


def filename(slot):
    return f"kvallspromenad-{to_local(slot.starts_at):%Y-%m-%d}-{slot.id}.ics"
