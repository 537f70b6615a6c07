"""Staff login, lockout, safe redirects, session expiry, and the users command."""
import pytest

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.conftest import STAFF_PASSWORD, log_in


def test_login_takes_a_coordinator_to_the_overview_and_is_logged(app, client, make_user):
    make_user("coordinator", email="anna@bjuv.example", name="Anna Samordnare")
    response = log_in(client, "Anna@Bjuv.example ")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/"
    assert "Anna Samordnare" in client.get("/admin/").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(db.select(User))
        assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
        assert user.last_login_at
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["user_created", "login"]


def test_outside_the_tests_passwords_are_hashed_with_scrypt_at_full_cost(app, client, make_user):
    from portal import config

    app.config["PASSWORD_HASH_METHOD"] = config.PASSWORD_HASH_METHOD  # the tests' is cheap
    make_user("coordinator", email="anna@bjuv.example")
    assert log_in(client, "anna@bjuv.example").status_code == 303
    assert log_in(app.test_client(), "ingen@bjuv.example").status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(User.password_hash)).startswith("scrypt:32768:8:1$")


@pytest.mark.parametrize("email, password", [
    ("anna@bjuv.example", "fel-losenord-123"), ("ingen@bjuv.example", STAFF_PASSWORD), ("", ""),
    ("anna@bjuv.example", "x" * 201),
])
def test_a_failed_login_says_so_next_to_the_field(client, make_user, email, password):
    make_user("coordinator", email="anna@bjuv.example")
    response = log_in(client, email, password)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and "<title>Fel:" in html
    assert f'value="{email}"' in html if email else True
    assert client.get("/admin/").status_code == 302


def test_repeated_failures_lock_the_address_for_a_while(client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    for _attempt in range(5):
        assert log_in(client, "anna@bjuv.example", "fel-losenord-123").status_code == 422
    locked = log_in(client, "anna@bjuv.example")  # even the right password
    assert locked.status_code == 422 and "15 minuter" in locked.get_data(as_text=True)
    # An address without an account locks the same way: the lockout reveals nothing.
    for _attempt in range(5):
        log_in(client, "ingen@bjuv.example", "fel-losenord-123")
    assert "15 minuter" in log_in(client, "ingen@bjuv.example", "x").get_data(as_text=True)


def test_login_posts_are_rate_limited_per_address(make_app, make_user, app):
    limited = make_app(LOGIN_RATE_LIMIT="3 per minute").test_client()
    for _attempt in range(3):
        log_in(limited, "x@bjuv.example", "fel")
    assert log_in(limited, "x@bjuv.example", "fel").status_code == 429


@pytest.mark.parametrize("target, expected", [
    ("/admin/rapporter", "/admin/rapporter"),
    ("https://evil.example/admin", "/admin/"),
    ("//evil.example/admin", "/admin/"),
    ("/\\evil.example", "/admin/"),
    ("javascript:alert(1)", "/admin/"),
])
def test_next_only_leads_to_our_own_pages(client, make_user, target, expected):
    make_user("coordinator", email="anna@bjuv.example")
    response = client.post("/admin/logga-in", data={
        "email": "anna@bjuv.example", "password": STAFF_PASSWORD, "next": target})
    assert response.headers["Location"] == expected


def test_the_login_page_remembers_where_you_were_going(client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    redirect = client.get("/admin/rapporter?status=fixed")
    assert redirect.headers["Location"].startswith("/admin/logga-in?next=")
    form = client.get(redirect.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/admin/rapporter?status=fixed"' in form


def test_logout_ends_the_session(client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    assert client.get("/admin/logga-ut").status_code == 405  # a link cannot log you out
    assert client.post("/admin/logga-ut").status_code == 303
    assert client.get("/admin/").status_code == 302


def test_an_idle_session_expires(app, client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["STAFF_IDLE_MINUTES"] * 60 + 1
    response = client.get("/admin/rapporter")
    assert response.status_code == 302 and "/admin/logga-in" in response.headers["Location"]
    assert client.get("/admin/").status_code == 302


def test_activity_keeps_a_session_open_and_is_noted_at_most_once_a_minute(app, client, make_user):
    """Each request within the idle limit keeps the session open; the time is written into
    the cookie at most once a minute, so an unchanged cookie is not signed and sent again."""
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    client.get("/admin/")  # the first page after logging in keeps a new form token
    again = client.get("/admin/")
    assert again.status_code == 200 and "Set-Cookie" not in again.headers
    with client.session_transaction() as session:
        session["seen_at"] -= 61  # a minute and a second ago
        noted = session["seen_at"]
    response = client.get("/admin/")
    assert response.status_code == 200 and "Set-Cookie" in response.headers
    with client.session_transaction() as session:
        assert session["seen_at"] > noted + 60
        # Idle for almost the whole limit, counted from that request: still open.
        session["seen_at"] -= app.config["STAFF_IDLE_MINUTES"] * 60 - 5
    assert client.get("/admin/").status_code == 200


def test_a_session_has_a_maximum_age_however_active(app, client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    with client.session_transaction() as session:
        session["logged_in_at"] -= app.config["STAFF_SESSION_HOURS"] * 3600 + 1
    assert client.get("/admin/").status_code == 302


def test_deactivation_and_a_new_password_end_existing_sessions(app, client, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    log_in(client, "anna@bjuv.example")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "deactivate", "anna@bjuv.example"])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert log_in(client, "anna@bjuv.example").status_code == 422


def test_changing_your_own_password(app, client, make_user):
    make_user("handler", email="hanna@bjuv.example", departments=["skola"])
    log_in(client, "hanna@bjuv.example")
    short = client.post("/admin/konto/losenord", data={
        "current_password": STAFF_PASSWORD, "new_password": "kort", "repeat_password": "kort"})
    assert short.status_code == 422 and "new_password-error" in short.get_data(as_text=True)
    differ = client.post("/admin/konto/losenord", data={
        "current_password": STAFF_PASSWORD, "new_password": "ett-langt-losenord", "repeat_password": "ett-annat-losenord"})
    assert differ.status_code == 422
    ok = client.post("/admin/konto/losenord", data={
        "current_password": STAFF_PASSWORD, "new_password": "ett-langt-losenord", "repeat_password": "ett-langt-losenord"})
    assert ok.status_code == 303
    assert client.get("/admin/").status_code == 200  # this session goes on
    fresh = app.test_client()
    assert log_in(fresh, "hanna@bjuv.example").status_code == 422
    assert log_in(fresh, "hanna@bjuv.example", "ett-langt-losenord").status_code == 303


def test_users_command_creates_lists_and_deactivates(app):
    runner = app.test_cli_runner()
    created = runner.invoke(args=[
        "users", "create", "Hanna@Bjuv.example", "--name", "Hanna Handläggare", "--role", "handler",
        "--department", "skola", "--department", "socialtjanst", "--password-stdin",
    ], input="ett-riktigt-bra-losenord\n")
    assert created.exit_code == 0, created.output
    prompted = runner.invoke(args=["users", "create", "anna@bjuv.example", "--name", "Anna", "--role", "coordinator"],
                             input="ett-riktigt-bra-losenord\nett-riktigt-bra-losenord\n")
    assert prompted.exit_code == 0, prompted.output
    listing = runner.invoke(args=["users", "list"]).output
    assert "hanna@bjuv.example" in listing and "skola, socialtjanst" in listing.replace("socialtjanst, skola", "skola, socialtjanst")
    assert log_in(app.test_client(), "hanna@bjuv.example", "ett-riktigt-bra-losenord").status_code == 303


@pytest.mark.parametrize("args, stdin, message", [
    (["--role", "handler"], "ett-riktigt-bra-losenord\n", "avdelning"),
    (["--role", "coordinator"], "kort\n", "12"),
    (["--role", "handler", "--department", "finns-inte"], "ett-riktigt-bra-losenord\n", "finns-inte"),
    (["--role", "boss"], "ett-riktigt-bra-losenord\n", "boss"),
])
def test_users_command_refuses_bad_input_and_saves_nothing(app, args, stdin, message):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x@bjuv.example", "--name", "X", "--password-stdin", *args], input=stdin)
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_users_command_refuses_a_duplicate(app, make_user):
    make_user("coordinator", email="anna@bjuv.example")
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "ANNA@bjuv.example", "--name", "Anna", "--role", "editor", "--password-stdin"],
        input="ett-riktigt-bra-losenord\n")
    assert result.exit_code != 0
