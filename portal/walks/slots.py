"""The coordinator's rota: walks one at a time or as a series, changes, cancellations.
Each change writes the audit log (never walkers' details) and mails the walkers it
concerns, in one transaction: services flush, routes commit."""
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.audit import services as audit
from portal.common.dates import date_and_time, hours_minutes
from portal.common.rules import RuleError
from portal.extensions import db
from portal.sanitize import plain_text
from portal.timeutil import STOCKHOLM, to_local, utcnow
from portal.walks import notify
from portal.walks.models import MAX_CAPACITY, SignupStatus, WalkSeries, WalkSlot
from portal.walks.signups import ACTIVE, count, fill_places, lock_slots

MAX_SERIES_DAYS = 366  # a longer rota is made a season at a time


@dataclass(frozen=True)
class SlotFields:
    """What a slot holds apart from its date: the same for every walk of a series."""

    start: time
    end: time
    meeting_point: str
    position: tuple | None
    area: str
    capacity: int
    min_walkers: int
    min_age: int
    notes: str | None


def span(day, start, end):
    """Naive-UTC start and end of a walk on a Stockholm calendar day."""
    def utc(clock):
        local = datetime.combine(day, clock, tzinfo=STOCKHOLM)
        return local.astimezone(UTC).replace(tzinfo=None)

    return utc(start), utc(end)


def check(fields, day=None):
    """The rules every slot keeps; the first broken one names its field."""
    if fields.end <= fields.start:
        raise RuleError(
            _("The walk must end after it starts, on the same day. Enter an end time after "
              "%(start)s (at the latest 23.59).", start=hours_minutes(fields.start)),
            "end",
        )
    if fields.min_walkers < 2:
        raise RuleError(_("Nobody walks alone: the minimum is at least 2 walkers."), "min_walkers")
    if fields.capacity > MAX_CAPACITY:
        raise RuleError(
            _("A walk can have at most %(max)s places. Make several walks for a larger group.",
              max=MAX_CAPACITY),
            "capacity",
        )
    if fields.capacity < fields.min_walkers:
        raise RuleError(
            _("The number of places must be at least the minimum number of walkers (%(min)s).",
              min=fields.min_walkers),
            "capacity",
        )
    if day is not None and span(day, fields.start, fields.end)[0] <= utcnow():
        raise RuleError(_("The walk would start in the past. Choose a later date or time."), "date")


def _apply(slot, day, fields):
    slot.starts_at, slot.ends_at = span(day, fields.start, fields.end)
    slot.meeting_point = plain_text(fields.meeting_point)
    slot.meeting_lat, slot.meeting_lon = fields.position or (None, None)
    slot.area = plain_text(fields.area)
    slot.capacity = fields.capacity
    slot.min_walkers = fields.min_walkers
    slot.min_age = fields.min_age
    slot.notes = plain_text(fields.notes) or None


def _describe(slot):
    """For the audit log: the walk, never who walks it."""
    return {
        "slot_id": slot.id,
        "starts_at": slot.starts_at.isoformat(timespec="minutes"),
        "ends_at": slot.ends_at.isoformat(timespec="minutes"),
        "meeting_point": slot.meeting_point,
        "area": slot.area,
        "capacity": slot.capacity,
        "min_walkers": slot.min_walkers,
        "min_age": slot.min_age,
    }


def create_slot(day, fields):
    check(fields, day)
    slot = WalkSlot()
    _apply(slot, day, fields)
    db.session.add(slot)
    db.session.flush()
    audit.record(
        "walk_slot_created",
        _("Created the evening walk on %(when)s.", when=date_and_time(slot.starts_at)),
        details=_describe(slot),
    )
    return slot


def series_days(first_day, last_day, weekdays):
    """The days first_day..last_day that fall on the ISO weekdays given (1 = Monday)."""
    days, day = [], first_day
    while day <= last_day:
        if day.isoweekday() in weekdays:
            days.append(day)
        day += timedelta(days=1)
    return days


def create_series(first_day, last_day, weekdays, fields, user=None):
    """Every chosen weekday between two dates, at the same time and place."""
    weekdays = sorted(set(weekdays))
    if not weekdays:
        raise RuleError(_("Choose at least one weekday."), "weekdays")
    if last_day < first_day:
        raise RuleError(_("The last date must be on or after the first date."), "last_date")
    if (last_day - first_day).days >= MAX_SERIES_DAYS:
        raise RuleError(_("A series may span at most one year. Make the next season later."), "last_date")
    check(fields)
    if first_day < to_local(utcnow()).date():
        raise RuleError(_("The first date has passed. Choose today or a later date."), "first_date")
    days = series_days(first_day, last_day, weekdays)
    if not days:
        raise RuleError(
            _("None of the chosen weekdays falls between the first and the last date. Choose "
              "other weekdays or a longer period."),
            "weekdays",
        )
    if span(days[0], fields.start, fields.end)[0] <= utcnow():
        raise RuleError(_("The first walk would start in the past. Choose a later first date."), "first_date")
    series = WalkSeries(
        weekdays=",".join(str(d) for d in weekdays), first_day=first_day, last_day=last_day,
        created_by_id=user.id if user else None,
    )
    db.session.add(series)
    slots = []
    for day in days:
        slot = WalkSlot(series=series)
        _apply(slot, day, fields)
        slots.append(slot)
    db.session.add_all(slots)
    db.session.flush()
    audit.record(
        "walk_series_created",
        ngettext("Created a series of %(count)s evening walk from %(first)s to %(last)s.",
                 "Created a series of %(count)s evening walks from %(first)s to %(last)s.",
                 len(slots), count=len(slots), first=first_day.isoformat(), last=last_day.isoformat()),
        details={"series_id": series.id, "weekdays": weekdays, "slots": len(slots),
                 **{k: v for k, v in _describe(slots[0]).items() if k not in ("slot_id", "starts_at", "ends_at")}},
    )
    return series, slots


def current_fields(slot):
    """A slot's values as the edit form shows them (Stockholm times)."""
    return SlotFields(
        start=to_local(slot.starts_at).time(), end=to_local(slot.ends_at).time(),
        meeting_point=slot.meeting_point, position=slot.position, area=slot.area,
        capacity=slot.capacity, min_walkers=slot.min_walkers, min_age=slot.min_age,
        notes=slot.notes,
    )


def check_editable(slot):
    if slot.is_cancelled:
        raise RuleError(_("The walk is cancelled and can no longer be changed."))
    if slot.has_started:
        raise RuleError(_("The walk has already started or passed and can no longer be changed."))


def update(slot, day, fields, following=False):
    """Change one walk, or with `following` also the later walks of its series (each keeps
    its own date). Free places go to the waiting list; walkers hear of a new time or place."""
    check_editable(slot)
    check(fields, day)
    targets = [slot]
    if following and slot.series_id:
        targets += db.session.scalars(
            select(WalkSlot).where(
                WalkSlot.series_id == slot.series_id,
                WalkSlot.starts_at > slot.starts_at,
                WalkSlot.cancelled_at.is_(None),
            )
        ).all()
    locked = lock_slots([t.id for t in targets])
    changed = []
    for target in sorted(locked.values(), key=lambda s: s.starts_at):
        own_day = day if target.id == slot.id else to_local(target.starts_at).date()
        if span(own_day, fields.start, fields.end)[0] <= utcnow():
            raise RuleError(_("The walk would start in the past. Choose a later date or time."), "date")
        confirmed = count(target.id, SignupStatus.CONFIRMED)
        if fields.capacity < confirmed:
            raise RuleError(
                ngettext("%(count)s walker already has a place on %(when)s, so there must be at least "
                         "%(count)s place.",
                         "%(count)s walkers already have a place on %(when)s, so there must be at least "
                         "%(count)s places.", confirmed, count=confirmed, when=date_and_time(target.starts_at)),
                "capacity",
            )
        before = (_describe(target), target.notes, target.position)
        was_where = (target.starts_at, target.ends_at, target.meeting_point, target.area)
        _apply(target, own_day, fields)
        if (_describe(target), target.notes, target.position) == before:
            continue
        db.session.flush()
        changed.append(target)
        fill_places(target)
        if was_where != (target.starts_at, target.ends_at, target.meeting_point, target.area):
            notify.slot_changed(target, [s for s in target.signups if s.status in ACTIVE])
    if changed:
        audit.record(
            "walk_slot_changed",
            ngettext("Changed %(count)s evening walk from %(when)s.",
                     "Changed %(count)s evening walks from %(when)s.", len(changed), count=len(changed),
              when=date_and_time(changed[0].starts_at)),
            details={"slot_ids": [t.id for t in changed], "following": bool(following),
                     "to": {k: v for k, v in _describe(changed[0]).items() if k != "slot_id"}},
        )
    return changed


def cancel_slot(slot, reason):
    """Call off a walk; everyone on it, waiting list too, gets a mail with the reason."""
    locked = lock_slots([slot.id])[slot.id]
    check_editable(locked)
    locked.cancelled_at = utcnow()
    locked.cancel_reason = plain_text(reason)
    db.session.flush()
    notify.slot_cancelled(locked, [s for s in locked.signups if s.status in ACTIVE])
    audit.record(
        "walk_slot_cancelled",
        _("Cancelled the evening walk on %(when)s.", when=date_and_time(locked.starts_at)),
        reason=locked.cancel_reason,
        details={"slot_id": locked.id},
    )
    return locked
