"""Staff accounts: create, change, deactivate, and check a login with a temporary lockout."""
import logging
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from limits import parse as parse_limit
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts.models import Role, User, new_session_token
from portal.audit import services as audit
from portal.extensions import db, limiter
from portal.reports.models import Department
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200


class AccountError(ValueError):
    """A rule for accounts was broken; the message is for the person who tried."""


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
        raise AccountError(
            _("The password must be at least %(min)s characters.", min=PASSWORD_MIN_LENGTH)
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise AccountError(
            _("The password may be at most %(max)s characters.", max=PASSWORD_MAX_LENGTH)
        )


def find_user(email):
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def departments_by_slug(slugs):
    found = db.session.scalars(db.select(Department).where(Department.slug.in_(slugs))).all()
    missing = set(slugs) - {d.slug for d in found}
    if missing:
        raise AccountError(_("No department is called %(slug)s.", slug=", ".join(sorted(missing))))
    return list(found)


def create_user(email, name, role, password, departments=()):
    """Create an active account; handlers need at least one department."""
    email = normalise_email(email)
    if find_user(email):
        raise AccountError(_("There is already an account for %(email)s.", email=email))
    check_new_password(password)
    role = Role(role)
    departments = list(departments)
    if role is Role.HANDLER and not departments:
        raise AccountError(_("A case handler must belong to at least one department."))
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        departments=departments,
    )
    db.session.add(user)
    db.session.flush()
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
        raise AccountError(_("A case handler must belong to at least one department."))
    before = _account_state(user)
    user.name = name.strip()
    user.role = role
    user.departments = departments
    if user.is_active and not is_active:
        user.session_token = new_session_token()
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


def set_password(user, password):
    """A new password ends every session the account has."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    db.session.flush()
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
    db.session.flush()
    audit.record(
        "user_deactivated",
        _("Deactivated the account %(email)s.", email=user.email),
        details={"user_id": user.id},
    )
    return True


# --- Logging in -------------------------------------------------------------------------


class LoginLocked(Exception):
    """Too many failed logins for this address: try again later."""


def _lockout():
    return parse_limit(current_app.config["LOGIN_LOCKOUT"])


def _failure_key(email):
    return ("staff-login-failures", normalise_email(email))


def is_locked(email):
    try:
        return not limiter.limiter.test(_lockout(), *_failure_key(email))
    except Exception:  # the rate-limit store is down: log, do not lock everyone out
        log.exception("Could not read the login lockout")
        return False


def _count_failure(email):
    try:
        limiter.limiter.hit(_lockout(), *_failure_key(email))
    except Exception:
        log.exception("Could not count a failed login")


def _clear_failures(email):
    try:
        limiter.limiter.clear(_lockout(), *_failure_key(email))
    except Exception:
        log.exception("Could not clear failed logins")


def authenticate(email, password):
    """The active user with this email and password, or None; raises LoginLocked.

    Failures are counted per address whether an account exists or not, so the lockout
    does not tell anyone which addresses have accounts.
    """
    if is_locked(email):
        raise LoginLocked()
    user = find_user(email)
    if user is None or not user.is_active or not check_password_hash(
        user.password_hash, password or ""
    ):
        if user is None:
            # Spend the time a real check takes, so timing does not reveal accounts.
            check_password_hash(
                _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or ""
            )
        _count_failure(email)
        if user is not None:
            audit.record("login_failed", _("Failed login for %(email)s.", email=user.email))
        return None
    _clear_failures(email)
    user.last_login_at = utcnow()
    audit.record("login", _("Logged in."), actor=user)
    return user

