"""Staff sessions on the server: each login is a row that "Mina inloggningar" lists and
that can be ended from anywhere. The browser's signed session holds a random key; the user
loader accepts a session only while its row is open (and the account's session_token, which
ends every session at once, still matches)."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import and_

from portal.accounts.models import StaffSession, User
from portal.audit import services as audit
from portal.extensions import db
from portal.ratelimits import client_address
from portal.timeutil import utcnow

SESSION_KEY = "staff_session"
SEEN_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def begin(user, method):
    """Log `user` in, in a fresh browser session with a new server-side row. Flushes."""
    key = secrets.token_urlsafe(32)
    row = StaffSession(
        user_id=user.id, key_hash=_hash(key), method=method,
        user_agent=(request.user_agent.string or "")[:300], address=client_address()[:64],
    )
    db.session.add(row)
    user.last_login_at = utcnow()
    db.session.flush()
    session.clear()  # nothing from before the login carries over
    login_user(user)
    session.permanent = True
    session["logged_in_at"] = session["seen_at"] = utcnow().timestamp()
    session[SESSION_KEY] = key
    return row


def _open_row_condition(user_id):
    """This browser's open session row of `user_id`, as a condition; None without a key."""
    key = session.get(SESSION_KEY)
    if not isinstance(key, str) or not key:
        return None
    return and_(StaffSession.key_hash == _hash(key), StaffSession.user_id == user_id,
                StaffSession.ended_at.is_(None))


def current_row(user_id):
    """The open row of this browser's session for `user_id`, or None."""
    condition = _open_row_condition(user_id)
    return db.session.scalar(db.select(StaffSession).where(condition)) if condition is not None else None


def user_with_open_row(user_id):
    """(user, this browser's open session row) in one query, or None: what every staff
    request checks before anything else."""
    condition = _open_row_condition(user_id)
    if condition is None:
        return None
    found = db.session.execute(
        db.select(User, StaffSession).join(StaffSession, condition).where(User.id == user_id)
    ).first()
    return tuple(found) if found is not None else None


def touch(row):
    """Note that the session was used now (at most once a minute); commits that alone,
    before the view does anything."""
    now = utcnow()
    if now - row.last_seen_at >= SEEN_EVERY:
        db.session.execute(db.update(StaffSession).where(StaffSession.id == row.id).values(last_seen_at=now))
        db.session.commit()


def open_sessions(user):
    """The account's sessions that still work: open rows within the idle and total limits."""
    config = current_app.config
    now = utcnow()
    return db.session.scalars(
        db.select(StaffSession).where(
            StaffSession.user_id == user.id, StaffSession.ended_at.is_(None),
            StaffSession.started_at > now - timedelta(hours=config["STAFF_SESSION_HOURS"]),
            StaffSession.last_seen_at > now - timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
        ).order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())
    ).all()


def end(row, user, summary=None):
    """End one session (logging out, or from "Mina inloggningar"); logged. Flushes."""
    ended = db.session.execute(
        db.update(StaffSession).where(StaffSession.id == row.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    ).rowcount
    if ended:
        audit.record("session_ended", summary or _("Ended a session of %(email)s.", email=user.email),
                     details={"user_id": user.id, "session_id": row.id})
    return bool(ended)


def end_all(user, keep=None):
    """End every open session row of the account (but `keep`). Flushes."""
    query = db.update(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep.id)
    db.session.execute(query.values(ended_at=utcnow()))
    db.session.flush()


BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
            ("Safari/", "Safari"))
SYSTEMS = (("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Mac OS", "macOS"), ("Linux", "Linux"))


def describe_browser(user_agent):
    """"Firefox, Windows" from a User-Agent header; the header itself is never shown."""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    parts = [part for part in (browser, system) if part]
    return ", ".join(parts) if parts else _("Unknown browser")
