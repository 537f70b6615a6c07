"""Logging in and out, session expiry, and the staff member's own password."""
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from portal.accounts import services, sessions, twofactor
from portal.accounts.forms import LoginForm, PasswordChangeForm
from portal.accounts.permissions import staff_required
from portal.accounts.signin import start_second_step
from portal.accounts.sso import sso_enabled
from portal.common.http import no_store
from portal.common.rules import RuleError, refuse
from portal.extensions import db, limiter, login_manager
from portal.ratelimits import client_address
from portal.timeutil import utcnow
from portal.views import render_form

bp = Blueprint("accounts", __name__, url_prefix="/admin")


def init_app(app):
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see that page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"  # no remember-me cookies are ever issued
    app.before_request(_expire_idle_sessions)
    app.after_request(_no_store)


@login_manager.user_loader
def load_user(session_id):
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    # The account and this browser's open session row (none when ended from "Mina
    # inloggningar", or logged out) in one query: every staff request starts here.
    found = sessions.user_with_open_row(int(user_id))
    if found is None:
        return None
    user, row = found
    if not user.is_active or user.session_token != token:
        return None
    g.staff_session = row
    return user


# Open to a visitor who is not logged in: the login itself, its second step (a half-logged-in
# state that grants nothing else), and single sign-on.
PUBLIC_STAFF_ENDPOINTS = {"accounts.login", "accounts.logout", "signin.code", "signin.enrol_at_login",
                          "sso.start", "sso.callback"}


def protect_staff_pages():
    """A safety net under @staff_required: nothing under /admin is served to a visitor who
    is not logged in, even a view someone forgot to decorate."""
    if not request.path.startswith("/admin") or request.endpoint in PUBLIC_STAFF_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _no_store(response):
    """Staff pages hold personal data: never kept by a shared cache or the browser."""
    if request.path.startswith("/admin"):
        return no_store(response)
    return response


def _expire_idle_sessions():
    """End a staff session after STAFF_IDLE_MINUTES idle or STAFF_SESSION_HOURS in all."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return None  # a visitor without a session (every resident): nothing to read
    if "_user_id" not in session:
        return None
    now = utcnow().timestamp()
    config = current_app.config
    logged_in_at = session.get("logged_in_at", 0)
    seen_at = session.get("seen_at", 0)
    if (now - logged_in_at > config["STAFF_SESSION_HOURS"] * 3600
            or now - seen_at > config["STAFF_IDLE_MINUTES"] * 60):
        logout_user()
        session.clear()
        flash(_("You were logged out because the session had expired. Log in again."), "info")
        if request.path.startswith("/admin"):
            return redirect(url_for("accounts.login", next=_local_path(request.full_path)))
        return None
    if now - seen_at >= sessions.SEEN_EVERY.total_seconds():
        # Written at most once a minute, as the server's row is: an unchanged session
        # cookie is not signed and sent again (SESSION_REFRESH_EACH_REQUEST is off), and
        # the idle limit counts from at most a minute before the last request (never later).
        session["seen_at"] = now
    if current_user.is_authenticated and g.get("staff_session") is not None:
        sessions.touch(g.staff_session)
    return None


def _local_path(target):
    """`target` if it is a path on this site, else None: never redirect to another site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target.rstrip("?") or None


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/logga-in", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    target = _local_path(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("desk.dashboard"))
    form = LoginForm(next=target)
    if not current_app.config["OIDC_PASSWORD_LOGIN"] and sso_enabled():
        if form.is_submitted():
            form.email.errors = [_("Log in with the municipality's account instead.")]
        return render_form("accounts/login.html", form, password_login=False)
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, client_address())
        except services.LoginLocked:
            user = None
            form.email.errors.append(
                _("Too many failed attempts. Wait 15 minutes and try again, or ask the "
                  "safety coordinator for a new password.")
            )
        else:
            if user is None:
                form.email.errors.append(_("The email address or the password is wrong."))
        if user is not None and (user.has_two_factor or twofactor.required_for(user)):
            db.session.commit()
            return start_second_step(user, target)  # no session yet: the code (or enrolment) first
        if user is not None:
            sessions.begin(user, "password")
            services.record_login(user, "password")
        db.session.commit()
        if user is not None:
            return redirect(target or url_for("desk.dashboard"), code=303)
    return render_form("accounts/login.html", form, password_login=True)


@bp.route("/logga-ut", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"), code=303)


@bp.route("/konto/losenord", methods=["GET", "POST"])
@staff_required()
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            try:
                services.set_password(current_user, form.new_password.data, keep=g.get("staff_session"))
            except RuleError as error:
                refuse(form, error)
            else:
                db.session.commit()
                login_user(current_user)  # the new session token, so this session stays
                session["logged_in_at"] = session["seen_at"] = utcnow().timestamp()
                flash(_("Your password has been changed. Other sessions have been logged out."), "success")
                return redirect(url_for("desk.dashboard"), code=303)
    return render_form("accounts/password.html", form)
