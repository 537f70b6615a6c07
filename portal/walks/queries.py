"""Reading the rota: upcoming walks with their free places, grouped by week, and what needs
the coordinator's attention."""
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.timeutil import local_midnight_utc, to_local, utcnow
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot


@dataclass(frozen=True)
class Places:
    confirmed: int = 0
    waiting: int = 0


def places(slot_ids):
    """{slot id: Places} counted in one query."""
    rows = db.session.execute(
        select(WalkSignup.slot_id, WalkSignup.status, func.count(WalkSignup.id))
        .where(WalkSignup.slot_id.in_(list(slot_ids)), WalkSignup.status != SignupStatus.CANCELLED)
        .group_by(WalkSignup.slot_id, WalkSignup.status)
    ).all()
    counts = {}
    for slot_id, status, number in rows:
        confirmed, waiting = counts.get(slot_id, (0, 0))
        if status is SignupStatus.CONFIRMED:
            confirmed = number
        else:
            waiting = number
        counts[slot_id] = (confirmed, waiting)
    return {slot_id: Places(*counts.get(slot_id, (0, 0))) for slot_id in slot_ids}


def upcoming(now=None, include_cancelled=True):
    """Walks that have not started, soonest first."""
    query = select(WalkSlot).where(WalkSlot.starts_at > (now or utcnow())).order_by(WalkSlot.starts_at, WalkSlot.id)
    if not include_cancelled:
        query = query.where(WalkSlot.cancelled_at.is_(None))
    return db.session.scalars(query).all()


def recent(days=30, now=None):
    """Walks that started in the last `days` days, latest first (rosters and reports)."""
    now = now or utcnow()
    return db.session.scalars(
        select(WalkSlot)
        .where(WalkSlot.starts_at <= now, WalkSlot.starts_at > now - timedelta(days=days))
        .order_by(WalkSlot.starts_at.desc())
    ).all()


def iso_week(slot):
    year, week, _day = to_local(slot.starts_at).isocalendar()
    return year, week


def by_week(slots):
    """[((year, week), [slots])] in order; weeks start on Monday (ISO 8601, as in Sweden)."""
    return [(week, list(items)) for week, items in groupby(slots, key=iso_week)]


def under_minimum(now=None, days=None):
    """(slot, confirmed) for walks within `days` days that have fewer walkers than their minimum."""
    now = now or utcnow()
    days = current_app.config["WALK_ATTENTION_DAYS"] if days is None else days
    slots = db.session.scalars(
        select(WalkSlot)
        .where(WalkSlot.cancelled_at.is_(None), WalkSlot.starts_at > now,
               WalkSlot.starts_at <= now + timedelta(days=days))
        .order_by(WalkSlot.starts_at)
    ).all()
    counted = places([s.id for s in slots])
    return [(s, counted[s.id].confirmed) for s in slots if counted[s.id].confirmed < s.min_walkers]


def weeks_without_walks(today=None, weeks=8):
    """(year, week, monday) of the coming weeks, this one included, with no walk planned."""
    today = today or to_local(utcnow()).date()
    monday = today - timedelta(days=today.weekday())
    end = monday + timedelta(weeks=weeks)
    starts = db.session.scalars(
        select(WalkSlot.starts_at).where(
            WalkSlot.cancelled_at.is_(None),
            WalkSlot.starts_at >= local_midnight_utc(monday),
            WalkSlot.starts_at < local_midnight_utc(end),
        )
    ).all()
    planned = {to_local(s).isocalendar()[:2] for s in starts}
    empty = []
    for n in range(weeks):
        day = monday + timedelta(weeks=n)
        if day.isocalendar()[:2] not in planned:
            empty.append((*day.isocalendar()[:2], day))
    return empty


def only_first_timers(now=None):
    """Upcoming walks where everyone with a place walks for the first time: nobody
    experienced to walk with them."""
    slots = db.session.scalars(
        select(WalkSlot)
        .where(WalkSlot.cancelled_at.is_(None), WalkSlot.starts_at > (now or utcnow()))
        .options(selectinload(WalkSlot.signups))
        .order_by(WalkSlot.starts_at)
    ).all()
    return [s for s in slots if s.confirmed and all(w.is_first_walk for w in s.confirmed)]


def week_monday(year, week):
    return date.fromisocalendar(year, week, 1)
