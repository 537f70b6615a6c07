"""The second step of signing in (a TOTP or recovery code, or enrolment when the role
requires it), the staff member's own two-factor page, and "Mina inloggningar"."""
from flask import Blueprint, current_app, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal.accounts import services, sessions, twofactor
from portal.accounts.forms import CodeForm
from portal.accounts.models import StaffSession, User
from portal.accounts.permissions import staff_required
from portal.extensions import db, limiter
from portal.ratelimits import client_address
from portal.timeutil import utcnow
from portal.views import render_form

bp = Blueprint("signin", __name__, url_prefix="/admin")

PENDING = "pending_login"
# The password step is forgotten again after this long: five minutes to type a code, a
# quarter of an hour to install an app and enrol.
PENDING_SECONDS = {"code": 300, "enrol": 900}


def _locked():
    return _("Too many failed attempts. Wait 15 minutes and try again, or ask the safety coordinator "
             "for help.")


def start_second_step(user, target):
    """After a right password: remember who, in a state that grants nothing else, and ask
    for the code (or send to enrolment when the role requires a second factor)."""
    step = "code" if user.has_two_factor else "enrol"
    session.clear()
    session[PENDING] = {"user_id": user.id, "token": user.session_token, "step": step,
                        "next": target, "at": utcnow().timestamp()}
    endpoint = "signin.code" if step == "code" else "signin.enrol_at_login"
    return redirect(url_for(endpoint), code=303)


def _pending_user(step):
    data = session.get(PENDING)
    if not isinstance(data, dict) or data.get("step") != step:
        return None
    at = data.get("at")
    if not isinstance(at, (int, float)) or utcnow().timestamp() - at > PENDING_SECONDS[step]:
        return None
    user_id = data.get("user_id")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or user.session_token != data.get("token"):
        return None
    return user


def _restart():
    if session.pop(PENDING, None) is not None:
        flash(_("Log in again: the first step has expired."), "info")
    return redirect(url_for("accounts.login"), code=303)


def _finish(user):
    target = session.get(PENDING, {}).get("next")
    sessions.begin(user, "password")
    services.record_login(user, "password")
    return target


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/logga-in/kod", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def code():
    if current_user.is_authenticated:
        return redirect(url_for("desk.dashboard"))
    user = _pending_user("code")
    if user is None:
        return _restart()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            accepted = twofactor.check_code(user, form.code.data, client_address())
        except twofactor.CodeLocked:
            accepted = False
            form.code.errors.append(_locked())
        else:
            if not accepted:
                form.code.errors.append(_("The code is wrong or has already been used. Enter the six digits "
                                          "the app shows now, or one of your recovery codes."))
        if accepted:
            target = _finish(user)
            db.session.commit()
            left = twofactor.remaining_recovery_codes(user)
            if left < twofactor.RECOVERY_CODE_COUNT and left <= 3:
                flash(_("You have %(count)s recovery codes left. Ask the safety coordinator to reset your "
                        "second factor before they run out.", count=left), "info")
            return redirect(target or url_for("desk.dashboard"), code=303)
        db.session.commit()  # the audit line for the wrong code
    return render_form("accounts/second_factor.html", form)


def _enrol_page(user, form, layout, action):
    secret = twofactor.pending_secret(user)
    uri = twofactor.provisioning_uri(user, secret)
    return render_form("accounts/enrol.html", form, layout=layout, action=action, user=user,
                       secret=twofactor.grouped(secret), qr_code=twofactor.qr_code_data_uri(uri))


def _confirm(user, form):
    """The recovery codes when the first code is right; else None, the error at the field."""
    try:
        codes = twofactor.confirm_enrolment(user, form.code.data, client_address())
    except twofactor.CodeLocked:
        form.code.errors.append(_locked())
        codes = None
    else:
        if codes is None:
            form.code.errors.append(_("The code is wrong. Enter the six digits the app shows now."))
    return codes


@bp.route("/logga-in/aktivera", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def enrol_at_login():
    """A role that must have a second factor, without one yet: enrol before anything else."""
    if current_user.is_authenticated:
        return redirect(url_for("desk.dashboard"))
    user = _pending_user("enrol")
    if user is None:
        return _restart()
    form = CodeForm()
    if form.validate_on_submit():
        codes = _confirm(user, form)
        if codes is not None:
            target = _finish(user)
            db.session.commit()
            return render_template("accounts/recovery_codes.html", codes=codes,
                                   next_url=target or url_for("desk.dashboard"))
        db.session.commit()
    return _enrol_page(user, form, "base.html", url_for("signin.enrol_at_login"))


@bp.route("/konto/tvastegsverifiering", methods=["GET", "POST"])
@staff_required()
def two_factor():
    user = current_user._get_current_object()
    form = CodeForm()
    if user.has_two_factor:
        return render_template("accounts/two_factor.html", user=user,
                               left=twofactor.remaining_recovery_codes(user),
                               required=twofactor.required_for(user))
    if form.validate_on_submit():
        codes = _confirm(user, form)
        db.session.commit()
        if codes is not None:
            return render_template("accounts/recovery_codes.html", codes=codes,
                                   next_url=url_for("signin.two_factor"))
    return _enrol_page(user, form, "admin/base.html", url_for("signin.two_factor"))


@bp.route("/konto/inloggningar")
@staff_required()
def my_sessions():
    rows = sessions.open_sessions(current_user)
    return render_template("accounts/sessions.html", rows=rows, current_id=g.staff_session.id,
                           describe=sessions.describe_browser)


@bp.route("/konto/inloggningar/<int:session_id>/avsluta", methods=["POST"])
@staff_required()
def end_session(session_id):
    row = db.session.get(StaffSession, session_id)
    if row is None or row.user_id != current_user.id or row.ended_at is not None:
        # Ended already (or another person's, which is told apart from nothing)
        flash(_("That sign-in has already ended."), "info")
        return redirect(url_for("signin.my_sessions"), code=303)
    user = current_user._get_current_object()
    is_this_one = row.id == g.staff_session.id
    sessions.end(row, user)
    db.session.commit()
    if is_this_one:
        logout_user()
        session.clear()
        flash(_("You have logged out."), "info")
        return redirect(url_for("accounts.login"), code=303)
    flash(_("The session has been ended."), "success")
    return redirect(url_for("signin.my_sessions"), code=303)
