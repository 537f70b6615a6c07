"""Single sign-on with OpenID Connect (authorization code flow with PKCE, through Authlib).

The provider tells who the person is; the portal decides what they may do. A staff account
is matched by the email claim and must exist and be active; an account is created at a
first sign-in only for the roles in OIDC_CREATE_ACCOUNTS_FOR. The ID token's signature,
issuer, audience, nonce and expiry are checked by Authlib against the provider's published
keys, with the issuer pinned to OIDC_ISSUER.
"""
import logging
import secrets

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from requests import RequestException

from portal.accounts import services, sessions
from portal.accounts.models import Role
from portal.audit import services as audit
from portal.extensions import db, limiter
from portal.timeutil import utcnow

log = logging.getLogger(__name__)
bp = Blueprint("sso", __name__, url_prefix="/admin")
NAME = "municipality"


class Refused(Exception):
    """The provider vouched for someone the portal will not let in; the message says why."""


def sso_enabled():
    return bool(current_app.config.get("OIDC_ISSUER"))


def init_app(app):
    config = app.config
    if not config.get("OIDC_ISSUER"):
        return
    oauth = OAuth(app)
    issuer = config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        NAME,
        client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256", "timeout": 10},
    )
    app.extensions["portal_oidc"] = oauth


def _client():
    if not sso_enabled():
        abort(404)
    return current_app.extensions["portal_oidc"].create_client(NAME)


def _redirect_uri():
    base = current_app.config.get("PUBLIC_BASE_URL")
    path = url_for("sso.callback")
    return base.rstrip("/") + path if base else url_for("sso.callback", _external=True)


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/logga-in/sso")
def start():
    client = _client()
    if current_user.is_authenticated:
        return redirect(url_for("desk.dashboard"))
    try:
        return client.authorize_redirect(_redirect_uri())
    except (AuthlibBaseError, RequestException, ValueError):
        log.exception("The OpenID provider could not be reached")
        return _refusal(_("The municipality's login service did not answer. Try again in a while, "
                          "or log in with your password."), 503)


@bp.route("/logga-in/sso/svar")
@limiter.limit(_login_limit)
def callback():
    client = _client()
    config = current_app.config
    try:
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "values": [config["OIDC_ISSUER"].rstrip("/"),
                                                                  config["OIDC_ISSUER"]]},
                            "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"]},
                            "exp": {"essential": True}},
            leeway=60,
        )
        claims = dict(token.get("userinfo") or {})
        if not claims.get("sub"):
            raise Refused(_("The municipality's login service sent no proof of who you are. Try again."))
        if config["OIDC_EMAIL_CLAIM"] not in claims or (config["OIDC_ROLE_CLAIM"]
                                                        and config["OIDC_ROLE_CLAIM"] not in claims):
            extra = client.userinfo(token=token)
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
        user = match_account(claims)
    except Refused as refusal:
        db.session.commit()  # the audit line
        return _refusal(str(refusal), 403)
    except (AuthlibBaseError, RequestException, ValueError, KeyError):
        log.warning("A single sign-on answer was refused", exc_info=True)
        return _refusal(_("The login with the municipality's account did not go through. Try again."), 400)
    sessions.begin(user, "sso")
    services.record_login(user, "sso")
    db.session.commit()
    return redirect(url_for("desk.dashboard"), code=303)


def _refusal(message, status):
    return render_template("accounts/sso_refused.html", message=message), status


def _mapped_role(claims):
    """The role the provider's claim maps to (the highest when several), or None."""
    claim = current_app.config["OIDC_ROLE_CLAIM"]
    values = claims.get(claim) or []
    if isinstance(values, str):
        values = [values]
    mapping = current_app.config["OIDC_ROLE_MAP"] or {}
    roles = {mapping[value] for value in values if isinstance(value, str) and value in mapping}
    for role in (Role.COORDINATOR, Role.HANDLER, Role.EDITOR):
        if role.value in roles:
            return role
    return None


def match_account(claims):
    """The active staff account for these (already verified) claims; raises Refused.
    Flushes (a role that follows the provider, an account created, the audit line)."""
    config = current_app.config
    email = claims.get(config["OIDC_EMAIL_CLAIM"])
    if not isinstance(email, str) or "@" not in email:
        raise Refused(_("The municipality's login service did not say which email address you have. "
                        "Ask the IT department to send the claim %(claim)s.", claim=config["OIDC_EMAIL_CLAIM"]))
    email = services.normalise_email(email)
    role = _mapped_role(claims) if config["OIDC_ROLE_CLAIM"] else None
    user = services.find_user(email)
    if config["OIDC_ROLE_CLAIM"] and role is None:
        _refused(email, "no_role")
        raise Refused(_("You are signed in at the municipality as %(email)s, but you have no role in "
                        "Trygghetsportalen. Ask the safety coordinator or the IT department for access.",
                        email=email))
    if user is None and role is not None and role.value in (config["OIDC_CREATE_ACCOUNTS_FOR"] or ()) \
            and role is not Role.HANDLER:
        name = claims.get("name") if isinstance(claims.get("name"), str) else email
        user = services.create_user(email, name[:120], role, secrets.token_urlsafe(32))
    if user is None:
        _refused(email, "no_account")
        raise Refused(_("You are signed in at the municipality as %(email)s, but there is no staff account "
                        "in Trygghetsportalen for that address. Ask the safety coordinator to create one "
                        "for you.", email=email))
    if not user.is_active:
        _refused(email, "inactive")
        raise Refused(_("The account for %(email)s has been deactivated. Ask the safety coordinator if you "
                        "need it again.", email=email))
    if role is not None and role is not user.role and not (role is Role.HANDLER and not user.departments):
        services.update_user(user, user.name, role, user.departments, True)
    user.last_login_at = utcnow()
    return user


def _refused(email, reason):
    audit.record("sso_refused", _("Refused a single sign-on for %(email)s.", email=email),
                 details={"reason": reason})
