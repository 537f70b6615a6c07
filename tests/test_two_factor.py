"""Two-factor sign-in and "Mina inloggningar", through the forms as staff use them: enrolment
with a code computed from the key on the page, the code after the password (never accepted
twice, locked out like passwords), recovery codes used once, the coordinator's reset, and
sessions that end on the server."""
import html
import re
import time

import pyotp
import pytest

from portal.accounts.models import RecoveryCode, User
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.concurrency import at_once
from tests.conftest import STAFF_PASSWORD, log_in

SAMORDNARE = "samordnare@bjuv.example"


@pytest.fixture
def app_config(app_config):
    """The second factor mandatory for coordinators and handlers, as in production."""
    return {**app_config, "STAFF_TWO_FACTOR_ROLES": ["coordinator", "handler"]}


def text_of(response):
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def shown_secret(response):
    found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', response.get_data(as_text=True))
    assert found, "the key is written out on the enrolment page"
    return found.group(1).replace(" ", "")


def code_at(secret, offset_steps=0):
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def enrol(client, email=SAMORDNARE):
    """Password, then the enrolment page; returns (secret, recovery codes)."""
    response = log_in(client, email)
    assert response.headers["Location"] == "/admin/logga-in/aktivera"
    page = client.get("/admin/logga-in/aktivera")
    secret = shown_secret(page)
    done = client.post("/admin/logga-in/aktivera", data={"code": code_at(secret)})
    assert done.status_code == 200, text_of(done)
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(as_text=True))
    return secret, codes


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def test_a_coordinator_without_a_second_factor_enrols_before_anything_else(app, client, make_user):
    make_user("coordinator", email=SAMORDNARE, name="Cora Samordnare")
    response = log_in(client, SAMORDNARE)
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/logga-in/aktivera"
    # Half logged in: the password alone opens nothing.
    assert client.get("/admin/").headers["Location"].startswith("/admin/logga-in")
    page = client.get("/admin/logga-in/aktivera")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in body  # the QR code, made here
    secret = shown_secret(page)
    assert "Tvåstegsverifiering" in text_of(page) or "tvåstegsverifiering" in text_of(page)
    assert client.get("/admin/logga-in/aktivera").get_data(as_text=True).count(
        re.search(r'id="totp-secret">([^<]+)<', body).group(1)) == 1, "a reload shows the same key"

    wrong = client.post("/admin/logga-in/aktivera", data={"code": "123456" if code_at(secret) != "123456" else "654321"})
    assert wrong.status_code == 422
    assert "Koden stämmer inte" in text_of(wrong)
    assert client.get("/admin/").status_code == 302

    done = client.post("/admin/logga-in/aktivera", data={"code": code_at(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "visas bara nu" in text_of(done)
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == SAMORDNARE))
        assert user.totp_secret == secret
        stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}  # hashes only
    assert actions(app)[-3:] == ["second_factor_failed", "two_factor_enrolled", "login"]
    # The codes are shown once: the account page only counts them.
    account = client.get("/admin/konto/tvastegsverifiering")
    assert codes[0] not in account.get_data(as_text=True)
    assert "10" in text_of(account)


def test_the_code_comes_after_the_password_and_is_never_accepted_twice(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    secret, _codes = enrol(app.test_client())
    client = app.test_client()
    response = log_in(client, SAMORDNARE)
    assert response.headers["Location"] == "/admin/logga-in/kod"
    assert client.get("/admin/rapporter").status_code == 302
    # The code used at enrolment (this time step) is spent; the next step's is accepted.
    used = client.post("/admin/logga-in/kod", data={"code": code_at(secret)})
    assert used.status_code == 422
    assert "redan använts" in text_of(used)
    next_code = code_at(secret, 1)
    assert client.post("/admin/logga-in/kod", data={"code": next_code}).status_code == 303
    assert client.get("/admin/").status_code == 200
    # The same code again, in another browser with the right password: refused.
    other = app.test_client()
    log_in(other, SAMORDNARE)
    assert other.post("/admin/logga-in/kod", data={"code": next_code}).status_code == 422
    # Two steps ahead is outside the window.
    assert other.post("/admin/logga-in/kod", data={"code": code_at(secret, 3)}).status_code == 422
    assert actions(app).count("second_factor_failed") == 3


def test_parallel_posts_of_one_code_let_one_in(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    secret, _codes = enrol(app.test_client())
    clients = [app.test_client() for _n in range(4)]
    for client in clients:
        log_in(client, SAMORDNARE)
    code = code_at(secret, 1)
    results = at_once(clients, 4, lambda client, _n: client.post("/admin/logga-in/kod",
                                                                  data={"code": code}).status_code)
    assert sorted(results) == [303, 422, 422, 422]


def test_a_recovery_code_works_once(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    _secret, codes = enrol(app.test_client())
    client = app.test_client()
    log_in(client, SAMORDNARE)
    assert client.post("/admin/logga-in/kod", data={"code": codes[3].upper().replace("-", " ")}).status_code == 303
    assert client.get("/admin/").status_code == 200
    again = app.test_client()
    log_in(again, SAMORDNARE)
    refused = again.post("/admin/logga-in/kod", data={"code": codes[3]})
    assert refused.status_code == 422
    assert "Koden stämmer inte eller har redan använts" in text_of(refused)
    assert "recovery_code_used" in actions(app)


def test_wrong_codes_lock_like_wrong_passwords(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    secret, _codes = enrol(app.test_client())
    client = app.test_client()
    log_in(client, SAMORDNARE)
    for _n in range(5):
        assert client.post("/admin/logga-in/kod", data={"code": "000000"}).status_code == 422
    locked = client.post("/admin/logga-in/kod", data={"code": code_at(secret, 1)})
    assert locked.status_code == 422
    assert "För många misslyckade försök" in text_of(locked)
    assert client.get("/admin/").status_code == 302


def test_hostile_codes_are_refused_at_the_field(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    enrol(app.test_client())
    client = app.test_client()
    log_in(client, SAMORDNARE)
    for code in ("", "x" * 41, "12345\x00", "' OR 1=1 --", "１２３４５６"):
        response = client.post("/admin/logga-in/kod", data={"code": code})
        assert response.status_code == 422, code
        assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_without_a_first_step_the_code_page_sends_you_to_the_password(client):
    response = client.get("/admin/logga-in/kod")
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/logga-in"
    assert client.post("/admin/logga-in/aktivera", data={"code": "123456"}).status_code == 303


def test_an_editor_logs_in_with_the_password_alone_and_may_enrol(app, client, make_user):
    make_user("editor", email="redaktor@bjuv.example")
    response = log_in(client, "redaktor@bjuv.example")
    assert response.headers["Location"] == "/admin/"
    page = client.get("/admin/konto/tvastegsverifiering")
    secret = shown_secret(page)
    done = client.post("/admin/konto/tvastegsverifiering", data={"code": code_at(secret)})
    assert done.status_code == 200 and len(re.findall(r"<li><code>", done.get_data(as_text=True))) == 10
    again = app.test_client()
    assert log_in(again, "redaktor@bjuv.example").headers["Location"] == "/admin/logga-in/kod"


def test_the_coordinator_resets_a_lost_second_factor(app, make_user):
    make_user("coordinator", email=SAMORDNARE, name="Cora Samordnare")
    handler_id = make_user("handler", email="handlaggare@bjuv.example", departments=["skola"])
    handler = app.test_client()
    enrol(handler, "handlaggare@bjuv.example")
    coordinator = app.test_client()
    enrol(coordinator)
    edit = coordinator.get(f"/admin/anvandare/{handler_id}")
    assert "Återställ tvåstegsverifieringen" in text_of(edit)
    response = coordinator.post(f"/admin/anvandare/{handler_id}/tvastegsverifiering")
    assert response.status_code == 303
    assert "har återställts" in text_of(coordinator.get(response.headers["Location"]))
    assert handler.get("/admin/").status_code == 302  # the handler's sessions have ended
    assert log_in(app.test_client(), "handlaggare@bjuv.example").headers["Location"] == "/admin/logga-in/aktivera"
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "two_factor_reset"))
        assert entry.actor_name == "Cora Samordnare" and "handlaggare@bjuv.example" in entry.summary
        assert not db.session.scalar(db.select(db.func.count(RecoveryCode.id)).where(RecoveryCode.user_id == handler_id))


def test_my_sign_ins_lists_and_ends_sessions(app, staff_client):
    first = staff_client("editor")
    second = app.test_client()
    second.post("/admin/logga-in", data={"email": "editor-all@bjuv.example", "password": STAFF_PASSWORD},
                headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Firefox/130.0"},
                environ_base={"REMOTE_ADDR": "198.51.100.7"})
    page = first.get("/admin/konto/inloggningar")
    body = text_of(page)
    assert page.status_code == 200
    assert "Mina inloggningar" in body and "(den här webbläsaren)" in body
    assert "Firefox, Windows" in body and "198.51.100.7" in body
    ids = re.findall(r'/admin/konto/inloggningar/(\d+)/avsluta', page.get_data(as_text=True))
    assert len(ids) == 2
    other_id = max(ids, key=int)
    response = first.post(f"/admin/konto/inloggningar/{other_id}/avsluta")
    assert response.status_code == 303
    assert second.get("/admin/").status_code == 302  # that cookie no longer works
    assert first.get("/admin/").status_code == 200
    assert len(re.findall(r"/avsluta", first.get("/admin/konto/inloggningar").get_data(as_text=True))) == 1
    assert "session_ended" in actions(app)


def test_a_coordinator_ends_every_session_of_an_account(app, make_user):
    make_user("coordinator", email=SAMORDNARE)
    coordinator = app.test_client()
    enrol(coordinator)
    user_id = make_user("editor", email="redaktor@bjuv.example")
    editor = app.test_client()
    log_in(editor, "redaktor@bjuv.example")
    assert coordinator.post(f"/admin/anvandare/{user_id}/avsluta-inloggningar").status_code == 303
    assert editor.get("/admin/").status_code == 302
    assert coordinator.get("/admin/").status_code == 200
    assert "sessions_ended" in actions(app)


def test_a_new_password_ends_the_other_sign_ins_and_keeps_this_one(app, staff_client):
    first = staff_client("editor")
    second = app.test_client()
    log_in(second, "editor-all@bjuv.example")
    response = first.post("/admin/konto/losenord", data={
        "current_password": STAFF_PASSWORD, "new_password": "ett-helt-nytt-losenord-2026",
        "repeat_password": "ett-helt-nytt-losenord-2026"})
    assert response.status_code == 303
    assert second.get("/admin/").status_code == 302
    page = first.get("/admin/konto/inloggningar")
    assert page.status_code == 200
    assert len(re.findall(r"/avsluta", page.get_data(as_text=True))) == 1
