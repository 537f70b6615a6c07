"""Staff accounts: create, change, deactivate, end sessions, and check a login with a
temporary lockout per account and address."""
import hashlib
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts import sessions
from portal.accounts.models import Role, User, new_session_token
from portal.audit import services as audit
from portal.common.rules import RuleError
from portal.extensions import db
from portal.ratelimits import counters
from portal.reports.models import Department

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200


def normalise_email(email):
    return (email or "").strip().lower()


def hash_password(password):
    """The hash to store, by PASSWORD_HASH_METHOD (scrypt at Werkzeug's cost by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method):
    """A hash of nothing, made once per method when first needed (not at import)."""
    return generate_password_hash("not-a-real-password", method=method)


def check_new_password(password):
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise RuleError(
            _("The password must be at least %(min)s characters.", min=PASSWORD_MIN_LENGTH),
            "password",
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise RuleError(
            _("The password may be at most %(max)s characters.", max=PASSWORD_MAX_LENGTH),
            "password",
        )


def find_user(email):
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def departments_by_slug(slugs):
    found = db.session.scalars(db.select(Department).where(Department.slug.in_(slugs))).all()
    missing = set(slugs) - {d.slug for d in found}
    if missing:
        raise RuleError(_("No department is called %(slug)s.", slug=", ".join(sorted(missing))),
                        "departments")
    return list(found)


def create_user(email, name, role, password, departments=()):
    """Create an active account; handlers need at least one department."""
    email = normalise_email(email)
    if find_user(email):
        raise RuleError(_("There is already an account for %(email)s.", email=email), "email")
    check_new_password(password)
    role = Role(role)
    departments = list(departments)
    if role is Role.HANDLER and not departments:
        raise RuleError(_("A case handler must belong to at least one department."), "departments")
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        departments=departments,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same address saved by someone else a moment ago
        raise RuleError(_("There is already an account for %(email)s.", email=email),
                        "email") from error
    audit.record(
        "user_created",
        _("Created the account %(email)s (%(role)s).", email=email, role=role.label),
        details={"user_id": user.id, "role": role.value,
                 "departments": [d.slug for d in departments]},
    )
    return user


def update_user(user, name, role, departments, is_active):
    """Change name, role, departments or active state, logging what changed."""
    role = Role(role)
    departments = list(departments)
    if role is Role.HANDLER and not departments:
        raise RuleError(_("A case handler must belong to at least one department."), "departments")
    before = _account_state(user)
    user.name = name.strip()
    user.role = role
    user.departments = departments
    if user.is_active and not is_active:
        user.session_token = new_session_token()
        sessions.end_all(user)
    user.is_active = bool(is_active)
    after = _account_state(user)
    if before != after:
        db.session.flush()
        audit.record(
            "user_changed",
            _("Changed the account %(email)s.", email=user.email),
            details={"user_id": user.id, "before": before, "after": after},
        )
    return user


def _account_state(user):
    return {
        "name": user.name,
        "role": user.role.value,
        "departments": sorted(d.slug for d in user.departments),
        "is_active": user.is_active,
    }


def set_password(user, password, keep=None):
    """A new password ends every session the account has (but `keep`, the browser of the
    person who changed their own)."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    sessions.end_all(user, keep)
    audit.record(
        "password_set",
        _("Set a new password for %(email)s.", email=user.email),
        details={"user_id": user.id},
    )


def deactivate(user):
    """Deactivate (never delete: the audit log names the account) and end its sessions."""
    if not user.is_active:
        return False
    user.is_active = False
    user.session_token = new_session_token()
    sessions.end_all(user)
    audit.record(
        "user_deactivated",
        _("Deactivated the account %(email)s.", email=user.email),
        details={"user_id": user.id},
    )
    return True


def end_sessions(user, keep=None):
    """Every session the account has ends (but `keep`, this browser's own), wherever its
    cookie is (a copied one too): the session id carries the token, and the user loader
    compares it and the session's row on every staff request."""
    user.session_token = new_session_token()
    sessions.end_all(user, keep)
    audit.record(
        "sessions_ended",
        _("Ended every session of %(email)s.", email=user.email),
        details={"user_id": user.id},
    )


def log_out(user):
    """Logging out ends the session on the server too, not only in this browser: its row
    is closed, so a copy of the cookie no longer works."""
    row = sessions.current_row(user.id)
    if row is not None:
        sessions.end(row, user, _("Logged out."))


# --- Logging in -------------------------------------------------------------------------


class LoginLocked(Exception):
    """Too many login attempts for this account from this address (or for the account from
    everywhere): try again later."""


def _account_key(email, user):
    """The account part of the lockout keys. It changes with the password, so a new
    password (set by the coordinator, or by the person) lifts every lock on the account."""
    generation = hashlib.sha256(user.password_hash.encode()).hexdigest()[:16] if user else "-"
    return f"{normalise_email(email)}:{generation}"


def _spend_attempt(email, user, address):
    """Count this attempt BEFORE the password is checked, atomically in the shared store, so
    parallel guesses cannot outrun the count. An address gets LOGIN_LOCKOUT attempts per
    account; the account gets LOGIN_ACCOUNT_LIMIT from all addresses together, high enough
    that nobody can cheaply lock a colleague out. Unknown addresses count the same way."""
    config = current_app.config
    account = _account_key(email, user)
    store = counters()
    if not store.hit(config["LOGIN_LOCKOUT"], "login", account, address):
        return False
    return store.hit(config["LOGIN_ACCOUNT_LIMIT"], "login-account", account)


def authenticate(email, password, address):
    """The active user with this email and password, or None; raises LoginLocked.

    Every attempt spends the same time (one password check, against a dummy hash when the
    account is unknown or deactivated), so timing does not reveal which accounts exist.
    """
    user = find_user(email)
    if not _spend_attempt(email, user, address):
        raise LoginLocked()
    active = user is not None and user.is_active
    matches = check_password_hash(
        user.password_hash if active else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]),
        password or "",
    )
    if not (active and matches):
        if user is not None:
            audit.record("login_failed", _("Failed login for %(email)s.", email=user.email))
        return None
    # A success starts this address afresh; the account-wide count runs on.
    counters().clear(current_app.config["LOGIN_LOCKOUT"], "login", _account_key(email, user), address)
    return user


def record_login(user, method):
    """The audit line for a completed sign-in (after the second factor, if any)."""
    summary = _("Logged in with single sign-on.") if method == "sso" else _("Logged in.")
    audit.record("login", summary, actor=user, details={"method": method})
