"""Two-factor sign-in with TOTP (RFC 6238): enrolment, codes, recovery codes, reset.

A code is accepted one time step either side of now and never twice: the last step used is
stored, and moved forward with one conditional UPDATE, so two requests racing with the
same code cannot both pass. Recovery codes are stored as hashes and used up the same way.
Attempts count against the same lockout as passwords (LOGIN_LOCKOUT per account and
address, LOGIN_ACCOUNT_LIMIT per account)."""
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
from flask import current_app, session
from flask_babel import gettext as _

from portal.accounts.models import RecoveryCode, User
from portal.audit import services as audit
from portal.extensions import db
from portal.ratelimits import counters
from portal.timeutil import utcnow

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to mistake
STEP = 30


class CodeLocked(Exception):
    """Too many wrong codes for this account: try again later."""


def required_for(user):
    """Whether the account's role must use a second factor (STAFF_TWO_FACTOR_ROLES)."""
    roles = current_app.config.get("STAFF_TWO_FACTOR_ROLES") or ()
    return user.role.value in roles


ENROL_KEY = "totp_enrol"


def pending_secret(user):
    """The secret shown during enrolment: made once and kept in this browser's session until
    a first code confirms it (showing the page changes nothing in the database)."""
    data = session.get(ENROL_KEY)
    if isinstance(data, dict) and data.get("user_id") == user.id and isinstance(data.get("secret"), str):
        return data["secret"]
    secret = pyotp.random_base32()
    session[ENROL_KEY] = {"user_id": user.id, "secret": secret}
    return secret


def provisioning_uri(user, secret):
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["SERVICE_NAME"]
    )


def qr_code_data_uri(uri):
    """The QR code as an SVG data: URI, made here (no outside service sees the secret)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def grouped(secret):
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _matching_step(secret, code, now=None):
    now = time.time() if now is None else now
    current = int(now // STEP)
    totp = pyotp.TOTP(secret)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _use_step(user, step):
    """Move the account's last step to `step` if it is newer: True when this request did."""
    moved = db.session.execute(
        db.update(User).where(User.id == user.id)
        .where((User.totp_last_step.is_(None)) | (User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved:
        user.totp_last_step = step
    return bool(moved)


def _normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def _hash_recovery(code):
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _lock_key(user):
    """Lockout keys change with the secret: a reset by the coordinator lifts the lock."""
    generation = hashlib.sha256((user.totp_secret or "-").encode()).hexdigest()[:16]
    return f"{user.id}:{generation}"


def _spend_attempt(user, address):
    config = current_app.config
    store = counters()
    key = _lock_key(user)
    if not store.hit(config["LOGIN_LOCKOUT"], "second-factor", key, address):
        return False
    return (store.hit(config["LOGIN_ACCOUNT_LIMIT"], "second-factor-account", key)
            and store.hit(config["SECOND_FACTOR_ACCOUNT_LIMIT"], "second-factor-hourly", key))


def _failed(user):
    audit.record("second_factor_failed", _("Wrong second-factor code for %(email)s.", email=user.email),
                 actor=user, details={"user_id": user.id})


def check_code(user, code, address):
    """True for a valid, unused TOTP code or recovery code; raises CodeLocked. Flushes."""
    if not _spend_attempt(user, address):
        raise CodeLocked()
    code = _normalise(code)
    if re.fullmatch(r"[0-9]{6}", code):
        step = _matching_step(user.totp_secret, code)
        accepted = step is not None and _use_step(user, step)
    else:
        accepted = _use_recovery_code(user, code)
    if not accepted:
        _failed(user)
        return False
    counters().clear(current_app.config["LOGIN_LOCKOUT"], "second-factor", _lock_key(user), address)
    return True


def _use_recovery_code(user, code):
    if not re.fullmatch(r"[a-z0-9]{10}", code):
        return False
    used = db.session.execute(
        db.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_recovery(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if used:
        audit.record("recovery_code_used", _("Used a recovery code."), actor=user,
                     details={"user_id": user.id, "left": remaining_recovery_codes(user)})
    return bool(used)


def remaining_recovery_codes(user):
    return db.session.scalar(
        db.select(db.func.count(RecoveryCode.id))
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _new_recovery_codes(user):
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(raw)))
    return codes


def confirm_enrolment(user, code, address):
    """Turn two-factor on with a first code from the app; returns the ten recovery codes
    (shown once), or None for a wrong code. Raises CodeLocked. Flushes."""
    secret = pending_secret(user)
    if not _spend_attempt(user, address):
        raise CodeLocked()
    code = _normalise(code)
    step = _matching_step(secret, code) if re.fullmatch(r"[0-9]{6}", code) else None
    if step is None:
        _failed(user)
        return None
    session.pop(ENROL_KEY, None)
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.record("two_factor_enrolled", _("Turned on two-factor sign-in for %(email)s.", email=user.email),
                 actor=user, details={"user_id": user.id})
    return codes


def reset(user):
    """The coordinator removes an account's second factor (a lost phone): the person enrols
    again at the next login, and every session of the account ends. Flushes."""
    from portal.accounts import services

    user.totp_secret = None
    user.totp_last_step = None
    user.totp_enabled_at = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    services.end_sessions(user)
    audit.record("two_factor_reset", _("Reset two-factor sign-in for %(email)s.", email=user.email),
                 details={"user_id": user.id})


