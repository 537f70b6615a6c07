"""Stolen cookies, parallel password guesses, lockouts anyone could cause, and timing:
a session ends on the server, attempts are counted before the password is checked, and a
lock is per account and address, lifted by a new password."""
import threading
import uuid

import pytest
import redis

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.concurrency import at_once
from tests.conftest import STAFF_PASSWORD, log_in

WRONG = "fel-losenord-123"


def post_login(client, email, password=STAFF_PASSWORD, address="192.0.2.1"):
    return client.post("/admin/logga-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def copy_of_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


@pytest.fixture
def password_checks(monkeypatch):
    """How many passwords the login really checked (thread-safe count)."""
    calls = []
    lock = threading.Lock()
    real = account_services.check_password_hash

    def counting(pwhash, password):
        with lock:
            calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(account_services, "check_password_hash", counting)
    return calls


# --- Finding 5: logging out ends the session on the server ------------------------------


def test_a_cookie_copied_before_logout_no_longer_works(app, client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    thief = copy_of_cookie(app, client)
    assert thief.get("/admin/anvandare").status_code == 200
    client.post("/admin/logga-ut")
    response = thief.get("/admin/anvandare")
    assert response.status_code == 302 and "/admin/logga-in" in response.headers["Location"]
    assert "Test Coordinator" not in thief.get("/admin/", follow_redirects=True).get_data(as_text=True)


def test_a_new_password_of_your_own_ends_the_other_sessions_but_not_this_one(app, client, make_user):
    make_user("handler", email="hanna@bjuv.example", departments=["skola"])
    log_in(client, "hanna@bjuv.example")
    thief = copy_of_cookie(app, client)
    client.post("/admin/konto/losenord", data={
        "current_password": STAFF_PASSWORD, "new_password": "ett-nytt-langt-losenord",
        "repeat_password": "ett-nytt-langt-losenord"})
    assert client.get("/admin/").status_code == 200
    assert thief.get("/admin/").status_code == 302


def test_the_coordinator_logs_a_colleague_out_everywhere_and_it_is_logged(app, staff_client, make_user):
    coordinator = staff_client("coordinator", email="sam@bjuv.example", name="Sam Samordnare")
    user_id = make_user("editor", email="erik@bjuv.example", name="Erik Redaktör")
    erik = app.test_client()
    log_in(erik, "erik@bjuv.example")
    laptop = copy_of_cookie(app, erik)
    page = coordinator.get(f"/admin/anvandare/{user_id}").get_data(as_text=True)
    assert "Logga ut Erik Redaktör överallt" in page
    response = coordinator.post(f"/admin/anvandare/{user_id}/avsluta-inloggningar", follow_redirects=True)
    assert "Alla inloggningar för erik@bjuv.example har loggats ut." in response.get_data(as_text=True)
    assert erik.get("/admin/").status_code == 302
    assert laptop.get("/admin/").status_code == 302
    assert log_in(erik, "erik@bjuv.example").status_code == 303  # the password still works
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "sessions_ended"))
        assert entry.actor_name == "Sam Samordnare" and "erik@bjuv.example" in entry.summary
    log = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "Utloggad överallt" in log


def test_only_a_coordinator_may_log_others_out(app, staff_client, make_user):
    user_id = make_user("coordinator", email="anna@bjuv.example")
    editor = staff_client("editor")
    assert editor.post(f"/admin/anvandare/{user_id}/avsluta-inloggningar").status_code == 403


def test_deactivation_ends_a_copied_session_too(app, staff_client, make_user):
    coordinator = staff_client("coordinator", email="sam@bjuv.example")
    user_id = make_user("editor", email="erik@bjuv.example", name="Erik")
    erik = app.test_client()
    log_in(erik, "erik@bjuv.example")
    laptop = copy_of_cookie(app, erik)
    coordinator.post(f"/admin/anvandare/{user_id}", data={"name": "Erik", "role": "editor"})
    assert laptop.get("/admin/").status_code == 302


def test_an_anonymous_request_does_not_look_for_a_user(app, client, monkeypatch):
    from portal.accounts import routes

    def no_lookup(session_id):
        raise AssertionError("looked up a user without a login")

    monkeypatch.setattr(app.login_manager, "_user_callback", no_lookup)
    assert client.get("/").status_code == 200
    assert client.get("/promenader").status_code == 200
    assert routes.load_user  # the loader is still the one registered


# --- Finding 9: parallel guesses are counted before the password is checked ---------------


def test_twenty_four_parallel_guesses_check_five_passwords(app, make_user, password_checks):
    make_user("coordinator", email="anna@bjuv.example")
    clients = [app.test_client() for _ in range(24)]
    results = at_once(clients, 24, lambda client, n: post_login(client, "anna@bjuv.example", WRONG))
    pages = [r.get_data(as_text=True) for r in results]
    assert len(password_checks) == 5
    assert sum("15 minuter" in page for page in pages) == 19
    assert sum("E-postadressen eller lösenordet är fel" in page for page in pages) == 5


def test_parallel_guesses_through_several_workers_sharing_redis(app, make_app, make_user, password_checks):
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    make_user("coordinator", email="anna@bjuv.example")
    shared = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
              "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    workers = [make_app(**shared) for _ in range(3)]
    clients = [worker.test_client() for worker in workers for _ in range(8)]
    results = at_once(clients, 24, lambda client, n: post_login(client, "anna@bjuv.example", WRONG))
    assert all(r.status_code == 422 for r in results), results
    assert len(password_checks) == 5


# --- Finding 10: nobody can lock a colleague out; a new password lifts a lock --------------


def test_guesses_from_one_address_do_not_lock_the_account_for_others(client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    for _attempt in range(5):
        assert post_login(client, "anna@bjuv.example", WRONG, address="203.0.113.9").status_code == 422
    locked = post_login(client, "anna@bjuv.example", address="203.0.113.9")
    assert "15 minuter" in locked.get_data(as_text=True)
    assert post_login(client, "anna@bjuv.example", address="192.0.2.44").status_code == 303


def test_a_new_password_from_the_coordinator_lifts_the_lock(app, staff_client, make_user):
    coordinator = staff_client("coordinator", email="sam@bjuv.example")
    user_id = make_user("editor", email="erik@bjuv.example")
    erik = app.test_client()
    for _attempt in range(5):
        post_login(erik, "erik@bjuv.example", WRONG)
    assert "15 minuter" in post_login(erik, "erik@bjuv.example").get_data(as_text=True)
    coordinator.post(f"/admin/anvandare/{user_id}/losenord", data={
        "password": "ett-nytt-langt-losenord", "repeat_password": "ett-nytt-langt-losenord"})
    assert post_login(erik, "erik@bjuv.example", "ett-nytt-langt-losenord").status_code == 303


def test_the_account_has_a_limit_over_all_addresses(make_app, make_user, app):
    make_user("coordinator", email="anna@bjuv.example")
    client = make_app(LOGIN_ACCOUNT_LIMIT="8 per 15 minutes").test_client()
    for n in range(8):
        post_login(client, "anna@bjuv.example", WRONG, address=f"198.51.100.{n}")
    locked = post_login(client, "anna@bjuv.example", address="198.51.100.200")
    assert "15 minuter" in locked.get_data(as_text=True)


def test_the_lockout_holds_with_rate_limits_switched_off(make_app, make_user, app):
    make_user("coordinator", email="anna@bjuv.example")
    client = make_app(RATELIMIT_ENABLED=False).test_client()
    for _attempt in range(5):
        post_login(client, "anna@bjuv.example", WRONG)
    assert "15 minuter" in post_login(client, "anna@bjuv.example").get_data(as_text=True)


# --- Finding 11: every login costs one password check ----------------------------------


@pytest.mark.parametrize("email", ["anna@bjuv.example", "ingen@bjuv.example"])
def test_a_deactivated_or_unknown_account_costs_a_password_check_too(app, make_user, password_checks, email):
    make_user("coordinator", email="anna@bjuv.example")
    with app.app_context():
        account_services.deactivate(db.session.scalar(db.select(User)))
        db.session.commit()
    response = post_login(app.test_client(), email, STAFF_PASSWORD)
    assert response.status_code == 422
    assert "E-postadressen eller lösenordet är fel" in response.get_data(as_text=True)
    # The same method (and so the same cost) as a real account's hash.
    assert len(password_checks) == 1
    assert password_checks[0].split("$")[0] == app.config["PASSWORD_HASH_METHOD"]
