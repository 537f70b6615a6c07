"""Signing up, cancelling and the waiting list: never more walkers than places.

Every change that counts places first takes the slot's lock: SELECT … FOR UPDATE on
PostgreSQL (one row per slot, in id order, so two sign-ups cannot deadlock), and on SQLite
a write to the slot row, which takes SQLite's single write lock at once (a deferred
transaction that only read would otherwise fail instead of waiting). A concurrent sign-up
then waits for the lock and counts the places after the first one committed.
Services flush; routes commit.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from portal.common.rules import RuleError
from portal.extensions import db
from portal.i18n import current_locale_code
from portal.timeutil import utcnow
from portal.walks import notify, tokens
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot

ACTIVE = (SignupStatus.CONFIRMED, SignupStatus.WAITING)


def is_busy(error):
    """SQLite gave up waiting for the write lock (busy timeout): ask to try again, no 500."""
    return isinstance(error, OperationalError) and "locked" in str(error.orig).lower()


def lock_slots(slot_ids):
    """Hold the write lock on these slots until the transaction ends; returns them, re-read."""
    ids = sorted(set(slot_ids))
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE walk_slot SET id = id WHERE id = :id"), {"id": ids[0]})
    slots = db.session.scalars(
        select(WalkSlot)
        .where(WalkSlot.id.in_(ids))
        .order_by(WalkSlot.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {slot.id: slot for slot in slots}


def overlapping(starts_at, ends_at):
    """Walks that are not cancelled and share some time with starts_at–ends_at."""
    return (WalkSlot.starts_at < ends_at) & (WalkSlot.ends_at > starts_at) & WalkSlot.cancelled_at.is_(None)


def count(slot_id, status):
    return db.session.scalar(
        select(func.count(WalkSignup.id)).where(WalkSignup.slot_id == slot_id, WalkSignup.status == status)
    )


def fill_places(slot):
    """Give free places to the waiting list, first come first served; each gets a mail."""
    if slot.is_cancelled or slot.has_started:
        return []
    free = slot.capacity - count(slot.id, SignupStatus.CONFIRMED)
    if free <= 0:
        return []
    promoted = db.session.scalars(
        select(WalkSignup)
        .where(WalkSignup.slot_id == slot.id, WalkSignup.status == SignupStatus.WAITING)
        .order_by(WalkSignup.created_at, WalkSignup.id)
        .limit(free)
    ).all()
    now = utcnow()
    for signup in promoted:
        signup.status = SignupStatus.CONFIRMED
        signup.promoted_at = now
        _no_reminder_needed(signup, slot, now)
    db.session.flush()
    for signup in promoted:
        notify.promoted(signup)
    db.session.expire(slot, ["signups"])
    return promoted


def _clash(slot, email):
    """The walker's own place on this walk or one at the same time, if any."""
    return db.session.scalar(
        select(WalkSignup)
        .join(WalkSlot)
        .where(
            WalkSignup.email == email,
            WalkSignup.status.in_(ACTIVE),
            overlapping(slot.starts_at, slot.ends_at) | (WalkSlot.id == slot.id),
        )
        .order_by(WalkSlot.id != slot.id, WalkSlot.starts_at)
        .limit(1)
    )


def check_open(slot):
    if slot.is_cancelled:
        raise RuleError(_("This walk is cancelled, so you cannot sign up for it. Choose another walk."))
    if slot.has_started:
        raise RuleError(_("This walk has already started or passed. Choose a later walk."))


def sign_up(slot_id, name, email, phone, is_first_walk):
    """A place if one is free, otherwise a place on the waiting list; mails the walker.

    An address that already has a place on this walk or one at the same time gets no
    second place, only a mail about the place it has: the walker's earlier sign-up is
    returned, and nothing on the page shows which happened."""
    slot = db.session.get(WalkSlot, slot_id)
    if slot is None:
        raise RuleError(_("The walk could not be found."))
    others = db.session.scalars(select(WalkSlot.id).where(overlapping(slot.starts_at, slot.ends_at))).all()
    slot = lock_slots([slot.id, *others])[slot.id]
    check_open(slot)
    email = email.strip().lower()
    clash = _clash(slot, email)
    if clash is not None:
        # Email is never verified, so whoever typed the address may not own it. The page
        # answers as for a new sign-up; the owner gets a mail with their own place's links.
        notify.already_signed_up(clash, slot)
        return clash
    fill_places(slot)
    full = count(slot.id, SignupStatus.CONFIRMED) >= slot.capacity
    signup = WalkSignup(
        slot=slot,
        name=name.strip(),
        email=email,
        phone=phone or None,
        is_first_walk=bool(is_first_walk),
        status=SignupStatus.WAITING if full else SignupStatus.CONFIRMED,
        link_key=tokens.new_key(),
        calendar_key=_calendar_key(email),
        locale=current_locale_code(),
    )
    if signup.status is SignupStatus.CONFIRMED:
        _no_reminder_needed(signup, slot, utcnow())
    db.session.add(signup)
    db.session.flush()
    notify.signed_up(signup)
    return signup


def _no_reminder_needed(signup, slot, now):
    """A place given less than WALK_REMINDER_HOURS before the walk: its mail is the reminder."""
    if slot.starts_at <= now + timedelta(hours=current_app.config["WALK_REMINDER_HOURS"]):
        signup.reminder_sent_at = now


def _calendar_key(email):
    """One calendar feed per walker: the key of their earlier sign-ups, or a new one."""
    known = db.session.scalar(
        select(WalkSignup.calendar_key).where(WalkSignup.email == email).order_by(WalkSignup.id).limit(1)
    )
    return known or tokens.new_key()


def cancel(signup):
    """The walker gives up their place (or waiting place); the first waiting gets it."""
    slot = lock_slots([signup.slot_id])[signup.slot_id]
    db.session.refresh(signup)
    if signup.status is SignupStatus.CANCELLED:
        raise RuleError(_("This place is already cancelled. You do not need to do anything more."))
    if slot.has_started:
        raise RuleError(_("The walk has already started, so the place can no longer be cancelled."))
    had_place = signup.status is SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.cancelled_at = utcnow()
    db.session.flush()
    return fill_places(slot) if had_place else []


def by_token(token, purpose="signup"):
    """The sign-up a private link belongs to, or None (forged, mangled, unknown)."""
    key = tokens.read(purpose, token)
    if key is None:
        return None
    return db.session.scalar(select(WalkSignup).where(WalkSignup.link_key == key))


def confirmed_upcoming_for_calendar(token):
    """The feed's walks: the walker's places on walks that have not ended, or None."""
    key = tokens.read("calendar", token)
    if key is None:
        return None
    email = db.session.scalar(select(WalkSignup.email).where(WalkSignup.calendar_key == key).limit(1))
    if email is None:
        return None
    return db.session.scalars(
        select(WalkSlot)
        .join(WalkSignup)
        .where(
            WalkSignup.email == email,
            WalkSignup.status == SignupStatus.CONFIRMED,
            WalkSlot.cancelled_at.is_(None),
            WalkSlot.ends_at > utcnow(),
        )
        .order_by(WalkSlot.starts_at)
    ).all()


def waiting_position(signup):
    """1 for the first on the waiting list."""
    return 1 + db.session.scalar(
        select(func.count(WalkSignup.id)).where(
            WalkSignup.slot_id == signup.slot_id,
            WalkSignup.status == SignupStatus.WAITING,
            (WalkSignup.created_at < signup.created_at)
            | ((WalkSignup.created_at == signup.created_at) & (WalkSignup.id < signup.id)),
        )
    )
