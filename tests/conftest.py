"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL),
factories, a real SMTP server (aiosmtpd) and a live server for the browser tests."""
import gc
import os
import socket
import threading
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.reports import services as report_services
from portal.seed import seed_base_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated once per run (per xdist worker) through Alembic, exactly as
    production is: SQLite in the worker's own temporary folder, or with TEST_DATABASE_URL
    a PostgreSQL database of the worker's own (see worker_database_url)."""
    url = empty_database_url(tmp_path_factory)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The settings every test app starts from: no CSRF (the browser tests turn it on), plain
# cookies, limits out of the way, links to a fixed address, no mail server.
TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "SESSION_COOKIE_SECURE": False,
    "REPORT_RATE_LIMIT": "1000 per minute",
    "REPORT_ATTEMPT_LIMIT": "1000 per minute",
    "WALK_RATE_LIMIT": "1000 per minute",
    "WALK_ATTEMPT_LIMIT": "1000 per minute",
    "PUBLIC_BASE_URL": "https://trygghet.example.se",
    "MAIL_SERVER": None,
    # One round instead of scrypt's memory-hard cost: logins are in most tests.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    # Staff log in with a password alone unless a test asks for a second factor
    # (tests/test_two_factor.py turns it on for the roles it tests).
    "STAFF_TWO_FACTOR_ROLES": [],
}


@pytest.fixture
def app_config(database_url, tmp_path):
    """Settings for the app under test; a test may change them before using `app`."""
    return {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        seed_base_data()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def make_app(app_config):
    """Build further apps (a second worker, other settings) from app_config plus overrides;
    their database connections are closed when the test ends."""
    made = []

    def make(**overrides):
        made.append(create_app({**app_config, **overrides}))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


def _empty_all_tables():
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services and read the database directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def categories(app):
    with app.app_context():
        from portal.reports.models import Category

        return {c.slug: c.id for c in db.session.scalars(db.select(Category))}


@pytest.fixture
def make_report(app):
    """Create a report through the service; publish=True makes it public."""

    def make(category="klotter", description="Klotter på väggen.", place="Storgatan 1",
             position=(56.0840, 12.9190), contact=None, photos=(), publish=False,
             title="Klotter på väggen", text="Klotter på väggen vid Storgatan."):
        from portal.reports.models import Category

        with app.app_context():
            cat = db.session.scalar(db.select(Category).where(Category.slug == category))
            report = report_services.receive_report(
                cat, description, place, position, list(photos), contact
            )
            if publish:
                report_services.publish_report(report, title, text)
            db.session.commit()
            return report.id, report.follow_token

    return make


STAFF_PASSWORD = "korrekt-hast-batteri-hafta"


@pytest.fixture
def make_user(app):
    """Create a staff account through the service; returns its id."""

    def make(role="coordinator", email=None, name=None, departments=(),
             password=STAFF_PASSWORD):
        from portal.accounts import services as accounts

        with app.app_context():
            user = accounts.create_user(
                email or f"{role}-{len(departments)}@bjuv.example",
                name or f"Test {role.capitalize()}",
                role,
                password,
                accounts.departments_by_slug(departments),
            )
            db.session.commit()
            return user.id

    return make


def log_in(client, email, password=STAFF_PASSWORD):
    """Log in through the form, as staff do; returns the response."""
    return client.post("/admin/logga-in", data={"email": email, "password": password})


@pytest.fixture
def staff_client(app, make_user):
    """A test client logged in with a new account: staff_client("handler", ["skola"])."""

    def make(role="coordinator", departments=(), email=None, name=None):
        email = email or f"{role}-{'-'.join(departments) or 'all'}@bjuv.example"
        make_user(role, email=email, name=name, departments=departments)
        client = app.test_client()
        response = log_in(client, email)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    return make


class Mailbox:
    """What the SMTP server received: a list of email.message.EmailMessage."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def bodies(self):
        return [
            (m["To"], m["Subject"], m.get_body(preferencelist=("plain",)).get_content())
            for m in self.messages
        ]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def mail_app_config(app_config, smtp_server):
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return app_config


class _CurrentApp:
    """A WSGI app that hands each request to the app of the test now running, so one HTTP
    server can serve a whole session's browser tests (each test keeps its fresh app)."""

    app = None

    def __call__(self, environ, start_response):
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"No test is running."]
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def http_server():
    """One threaded HTTP server per session (per xdist worker) on a free port."""
    current = _CurrentApp()
    port = free_port()
    server = make_server("127.0.0.1", port, current, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{port}"
    server.current = current
    yield server
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture
def live_server(app, http_server):
    """The app served over HTTP, as a browser sees it (the session's server, this app)."""
    app.config["PUBLIC_BASE_URL"] = http_server.url
    http_server.current.app = app
    yield http_server
    http_server.current.app = None
    # Files the dev server dropped when a browser hung up are collected now, under the
    # browser tests' warning filters, not in whichever test happens to run next. What
    # survives (the worker's session fixtures, caches) is frozen out of later full passes:
    # late in a long worker one pass took 7 s after every browser test.
    gc.collect()
    gc.freeze()


# --- e: fixtures shared by several modules; one database per xdist worker; Redis ---------


def empty_database_url(tmp_path_factory, suffix=""):
    """An empty database of this test process's own: with TEST_DATABASE_URL the PostgreSQL
    database from worker_database_url, its schema dropped and made anew; else a new SQLite
    file in a temporary folder."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp(suffix or 'db') / 'test.sqlite3'}"
    url = worker_database_url(url, suffix)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def worker_database_url(base_url, suffix=""):
    """The PostgreSQL database this test process owns: base_url's database name plus
    `_<suffix>` when given and, under pytest-xdist, `_<worker id>` (test → test_gw0,
    test_realistic_gw1), created when missing. Without xdist and suffix: base_url itself."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    parts = [part for part in (suffix, worker) if part]
    if not parts:
        return base_url
    url = make_url(base_url)
    url = url.set(database="_".join([url.database, *parts]))
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture
def coordinator(staff_client):
    """A test client logged in as a coordinator named Cora Samordnare."""
    return staff_client("coordinator", name="Cora Samordnare")


@pytest.fixture
def redis_url():
    """Redis (TEST_REDIS_URL, by default at 127.0.0.1:6379) for the tests of what workers
    share: skipped without it, failed without it when TEST_REQUIRE_REDIS is set (CI sets
    it). Tests use a key prefix of their own: other test runs may share the server."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        reason = f"needs Redis at {url} (see README: Needs)"
        if os.environ.get("TEST_REQUIRE_REDIS"):
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        client.close()
    return url


# --- a1: the realistic municipality (portal/demo) -------------------------------------------

MUNICIPALITY_SEED = 20261


@pytest.fixture(scope="session")
def municipality(tmp_path_factory):
    """The demo municipality (three years of reports, walks, news, staff of every role),
    loaded once per run into a database of its own: SQLite in a tmp dir, or with
    TEST_DATABASE_URL the PostgreSQL database `<its name>_realistic` (created if missing,
    its schema dropped and migrated with Alembic). `now` is today 00.00 UTC, so coming walks
    and the lägesbild's default summer look as they do on a running portal.

    READ ONLY: tests using it must never post, change or delete anything, because every
    test of the run shares the same data. Returns a namespace with `app` (TESTING,
    no CSRF, insecure cookies, high rate limits), `password`, `accounts` (role →
    emails, roles coordinator, handler, editor), `login(role, index=0)` → a logged-in
    test client, `seconds` (load time) and `reports` (how many were made)."""
    import time
    from datetime import datetime
    from types import SimpleNamespace

    from portal.demo import demo_accounts, load

    url = empty_database_url(tmp_path_factory, "realistic")
    config = {
        **TEST_SETTINGS,
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("realistic-uploads")),
        # Every crawl logs in as every role: the login limits must not count against it.
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_LOCKOUT": "1000 per minute",
    }
    app = create_app(config)
    now = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        began = time.monotonic()
        loaded = load(seed=MUNICIPALITY_SEED, now=now, password=STAFF_PASSWORD)
        db.session.commit()
        seconds = time.monotonic() - began
        db.session.remove()
    accounts = demo_accounts()

    def login(role, index=0):
        client = app.test_client()
        response = log_in(client, accounts[role][index], STAFF_PASSWORD)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    yield SimpleNamespace(app=app, password=STAFF_PASSWORD, accounts=accounts, login=login,
                          now=now, seconds=seconds, reports=loaded.reports)
    with app.app_context():
        db.engine.dispose()
