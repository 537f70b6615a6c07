"""Helpers for the evening-walk tests: walks made through the services, sign-ups through
the public form, and walks moved in time (the services refuse a walk in the past)."""
import re
from datetime import datetime, time, timedelta

from portal.extensions import db
from portal.timeutil import STOCKHOLM, to_local, utcnow
from portal.walks import slots as slot_services
from portal.walks.models import WalkSignup, WalkSlot


def local_today():
    return to_local(utcnow()).date()


def fields(**overrides):
    values = dict(
        start=time(19, 0), end=time(22, 0), meeting_point="Torget vid fontänen", position=None,
        area="Centrum och stationen", capacity=4, min_walkers=2, min_age=18,
        notes="Västar delas ut vid mötesplatsen.",
    )
    values.update(overrides)
    return slot_services.SlotFields(**values)


def make_slot(app, days=3, **overrides):
    """A walk `days` days from today, 19.00–22.00 Stockholm time; returns its id."""
    with app.app_context():
        slot = slot_services.create_slot(local_today() + timedelta(days=days), fields(**overrides))
        db.session.commit()
        return slot.id


def move_slot(app, slot_id, starts_in, hours=3):
    """Put a walk `starts_in` (a timedelta, negative for the past) from now."""
    with app.app_context():
        slot = db.session.get(WalkSlot, slot_id)
        slot.starts_at = utcnow() + starts_in
        slot.ends_at = slot.starts_at + timedelta(hours=hours)
        db.session.commit()


def signup_data(**overrides):
    data = {"name": "Vera Vandrare", "email": "vera@example.se", "phone": "070-123 45 67",
            "is_first_walk": "no", "confirm_age": "y", "accept_rules": "y", "website": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def sign_up(client, slot_id, **overrides):
    """Sign up through the form; returns the response (303 to the same "check your mail"
    page whoever signs up). `token_of(response)` is the private token from the mail."""
    data = signup_data(**overrides)
    response = client.post(f"/promenader/{slot_id}", data=data)
    if response.status_code == 303:
        response.walk_token = mailed_token(client.application, data.get("email", ""))
    return response


def mailed_token(app, email):
    """The private sign-up token in the newest mail to `email` (links go only by mail)."""
    from portal.mail.models import OutboxMessage

    with app.app_context():
        body = db.session.scalar(
            db.select(OutboxMessage.body_text)
            .where(OutboxMessage.to_addr == email.strip().lower())
            .order_by(OutboxMessage.id.desc()).limit(1)
        )
    match = re.search(r"/promenader/avboka/([A-Za-z0-9_.-]+)", body or "")
    return match.group(1) if match else None


def token_of(response):
    """The private token of a sign-up made with `sign_up`, as its mail carries it."""
    return response.walk_token


def signups(app, slot_id=None):
    with app.app_context():
        query = db.select(WalkSignup).order_by(WalkSignup.id)
        if slot_id is not None:
            query = query.where(WalkSignup.slot_id == slot_id)
        found = db.session.scalars(query).all()
        for signup in found:
            db.session.expunge(signup)
        return found


def stockholm(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)
