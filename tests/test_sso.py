"""Single sign-on against a real OpenID provider (tests/oidc_provider.mjs): a staff account
is matched by email and must exist and be active, the role follows the provider's claim,
nobody is created unless a setting allows it, and a replayed answer is refused."""
import html
import re

import pytest

from portal.accounts.models import Role, User
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.oidc import oidc_provider, oidc_settings, sign_in_at_provider  # noqa: F401


@pytest.fixture
def app_config(app_config, oidc_provider):  # noqa: F811
    return {**app_config, **oidc_settings(oidc_provider)}


def text_of(response):
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_a_handler_signs_in_matched_by_email(app, client, make_user):
    user_id = make_user("handler", email="hanna.handlaggare@bjuv.example", name="Hanna Handläggare",
                        departments=["skola"])
    response = sign_in_at_provider(client, "hanna")  # the provider spells the address with capitals
    assert response.status_code == 303, text_of(response)
    assert response.headers["Location"] == "/admin/"
    desk = client.get("/admin/")
    assert desk.status_code == 200 and "Logga ut Hanna Handläggare" in text_of(desk)
    assert client.get("/admin/anvandare").status_code == 403  # a handler, not more
    with app.app_context():
        assert db.session.get(User, user_id).role is Role.HANDLER
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "login"))
        assert entry.details == {"method": "sso"} and entry.actor_id == user_id
    sessions = client.get("/admin/konto/inloggningar")
    assert "kommunens inloggning" in text_of(sessions)


def test_the_role_claim_changes_the_role(app, client, make_user):
    user_id = make_user("editor", email="samordnare@bjuv.example")
    assert sign_in_at_provider(client, "sara").status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).role is Role.COORDINATOR
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user_changed"))
    assert client.get("/admin/anvandare").status_code == 200


def test_a_person_without_an_account_is_refused_in_swedish(app, client):
    response = sign_in_at_provider(client, "okand")
    assert response.status_code == 403
    assert "det finns inget personalkonto i Trygghetsportalen för den adressen" in text_of(response)
    assert "okand.person@bjuv.example" in text_of(response)
    assert client.get("/admin/").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
        assert db.session.scalar(db.select(AuditEntry.action)) == "sso_refused"


def test_a_person_without_a_mapped_role_is_refused(app, client, make_user):
    make_user("coordinator", email="utan.roll@bjuv.example")
    response = sign_in_at_provider(client, "utan-roll")
    assert response.status_code == 403
    assert "du har ingen roll i Trygghetsportalen" in text_of(response)


def test_a_deactivated_account_is_refused(app, client, make_user):
    user_id = make_user("coordinator", email="samordnare@bjuv.example")
    with app.app_context():
        db.session.get(User, user_id).is_active = False
        db.session.commit()
    response = sign_in_at_provider(client, "sara")
    assert response.status_code == 403
    assert "är avaktiverat" in text_of(response)


def test_accounts_are_created_only_for_the_roles_the_setting_allows(app, client, app_config):
    app.config["OIDC_CREATE_ACCOUNTS_FOR"] = ["coordinator"]
    assert sign_in_at_provider(app.test_client(), "okand").status_code == 403  # a handler: never
    response = sign_in_at_provider(client, "sara")
    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert (user.email, user.name, user.role) == ("samordnare@bjuv.example", "Sara Samordnare", Role.COORDINATOR)


def test_a_replayed_answer_is_refused(app, client, make_user):
    make_user("coordinator", email="samordnare@bjuv.example")
    start = client.get("/admin/logga-in/sso")
    assert "code_challenge=" in start.headers["Location"] and "code_challenge_method=S256" in start.headers["Location"]
    assert "nonce=" in start.headers["Location"]
    thief = app.test_client()
    # An answer carried to another browser (no state of its own) is refused.
    response = thief.get("/admin/logga-in/sso/svar?code=stolen&state=whatever")
    assert response.status_code == 400
    assert "gick inte igenom" in text_of(response)
    error = client.get("/admin/logga-in/sso/svar?error=access_denied&state=x")
    assert error.status_code == 400


def test_logout_ends_the_local_session(app, client, make_user):
    make_user("coordinator", email="samordnare@bjuv.example")
    assert sign_in_at_provider(client, "sara").status_code == 303
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/admin/").status_code == 200
    client.post("/admin/logga-ut")
    assert copy.get("/admin/").status_code == 302


def test_password_login_can_be_turned_off(app, client, make_user):
    make_user("coordinator", email="samordnare@bjuv.example")
    app.config["OIDC_PASSWORD_LOGIN"] = False
    page = client.get("/admin/logga-in")
    assert 'name="password"' not in page.get_data(as_text=True)
    assert "Logga in med ditt konto i kommunen" in text_of(page)
    refused = client.post("/admin/logga-in", data={"email": "samordnare@bjuv.example", "password": "x"})
    assert refused.status_code == 422
    assert client.get("/admin/").status_code == 302
