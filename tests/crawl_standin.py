"""A stand-in for the shared `municipality` fixture (helper a1's realistic municipality),
with exactly its name and interface, so the crawl can run before that fixture exists.

A separate database, loaded once per run through the services: enough reports that the
lists have a page 2, published and hidden ones, a duplicate, a photo, walks past and coming
with sign-ups, a waiting list, a cancelled walk and walk reports, news (one with an image,
a draft, a scheduled item), events past and coming, and two accounts of each staff role.
The crawl modules load this file with `pytest_plugins`. When the real fixture lands in
tests/conftest.py, conftest's fixture of the same name overrides this plugin's (the closer
definition wins), so the crawl runs on it unchanged; this file can then be deleted with
the two `pytest_plugins` lines.
"""
import io
import os
import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text

from portal import create_app
from portal.extensions import db

PASSWORD = "korrekt-hast-batteri-hafta-crawl"
ACCOUNTS = {
    "coordinator": [("samordnare@crawl.example", "Sara Samordnare", ()),
                    ("samordnare2@crawl.example", "Sam Samordnare", ())],
    "handler": [("handlaggare@crawl.example", "Hugo Handläggare", ("samhallsbyggnad",)),
                ("handlaggare2@crawl.example", "Hanna Handläggare", ("socialtjanst", "skola"))],
    "editor": [("redaktor@crawl.example", "Elin Redaktör", ()),
               ("redaktor2@crawl.example", "Erik Redaktör", ())],
}
PLACES = ["Stortorget", "Gångtunneln vid Järnvägsgatan", "Parken bakom biblioteket",
          "Busshållplatsen Ekebyvägen", "Skolgården i Billesholm", "Idrottsplatsen"]


def _database_url(tmp_path_factory):
    """SQLite in a temporary folder, or a schema of its own in TEST_DATABASE_URL's database
    (the other tests empty their tables; this data stays for the whole run)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('municipality') / 'crawl.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS crawl CASCADE"))
        conn.execute(text("CREATE SCHEMA crawl"))
    engine.dispose()
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3Dcrawl"


@pytest.fixture(scope="session")
def municipality(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    uploads = tmp_path_factory.mktemp("municipality-uploads")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "crawl-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_FOLDER": str(uploads),
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REPORT_RATE_LIMIT": "1000 per minute",
        "REPORT_ATTEMPT_LIMIT": "1000 per minute",
        "WALK_RATE_LIMIT": "1000 per minute",
        "WALK_ATTEMPT_LIMIT": "1000 per minute",
        "PUBLIC_BASE_URL": "https://trygghet.example.se",
        "MAIL_SERVER": None,
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    with app.test_request_context():
        _load(app)
        db.session.commit()
        db.session.remove()

    def login(role):
        client = app.test_client()
        response = client.post("/admin/logga-in",
                               data={"email": ACCOUNTS[role][0][0], "password": PASSWORD})
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    yield SimpleNamespace(
        app=app, password=PASSWORD, login=login,
        accounts={role: [email for email, _name, _d in people] for role, people in ACCOUNTS.items()},
    )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _load(app):
    from portal.accounts import services as accounts
    from portal.seed import seed_base_data

    seed_base_data()
    users = {}
    for role, people in ACCOUNTS.items():
        for email, name, departments in people:
            users.setdefault(role, []).append(accounts.create_user(
                email, name, role, PASSWORD, accounts.departments_by_slug(departments)))
    db.session.flush()
    _reports()
    _walks()
    _news_and_events(users["editor"][0])


def _reports():
    from portal.desk import services as desk
    from portal.reports import services as reports
    from portal.reports.models import Category, Department, ReportStatus
    from portal.reports.photos import check_photo
    from portal.timeutil import utcnow
    from tests.images import jpeg_with_gps

    rng = random.Random(11)
    categories = db.session.scalars(db.select(Category).order_by(Category.position)).all()
    made = []
    for number in range(75):
        category = categories[number % len(categories)]
        photos = [check_photo(io.BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)] if number % 25 == 0 else []
        contact = reports.Contact(f"Invånare {number}", f"invanare{number}@example.se", None, True) \
            if number % 3 == 0 else None
        position = (56.07 + rng.random() * 0.04, 12.90 + rng.random() * 0.04) if number % 4 else None
        report = reports.receive_report(
            category, f"Beskrivning nummer {number}: {category.name.lower()} vid {PLACES[number % 6]}.",
            PLACES[number % len(PLACES)], position, photos, contact)
        report.created_at = utcnow() - timedelta(days=400 - number * 5, hours=number % 7)
        made.append(report)
        if number % 2 == 0:
            reports.publish_report(report, f"{category.name} vid {PLACES[number % 6]}",
                                   f"Det som anmäldes: {category.name.lower()}.")
        if number % 5 == 1:
            desk.change_status(report, ReportStatus.IN_PROGRESS, "Vi har skickat ut en arbetsgrupp.")
        elif number % 5 == 2:
            desk.change_status(report, ReportStatus.FIXED, "Nu är det åtgärdat.")
        elif number % 5 == 3:
            desk.reply(report, "Tack för din anmälan, vi tittar på det.")
    db.session.flush()
    desk.set_hidden(made[10], True, "Innehåller ett namn.")
    desk.mark_duplicate(made[12], made[6])
    desk.route(made[20], db.session.scalar(db.select(Department).where(Department.slug == "skola")))
    db.session.flush()


def _walks():
    from portal.timeutil import to_local, utcnow
    from portal.walks import signups, slots
    from portal.walks.models import WalkReport, WalkSlot
    from tests.walk_helpers import fields

    today = to_local(utcnow()).date()
    series = slots.create_series(today + timedelta(days=1), today + timedelta(weeks=5), [4, 5],
                                 fields(capacity=3, min_walkers=2, area="Centrum",
                                        position=(56.0840, 12.9190)))
    coming = db.session.scalars(db.select(WalkSlot).order_by(WalkSlot.starts_at)).all()
    assert series is not None and len(coming) >= 6
    for number in range(5):  # one full walk with a waiting list
        signups.sign_up(coming[0].id, f"Vandrare {number}", f"vandrare{number}@example.se",
                        "070-111 22 33", number == 0)
    signups.sign_up(coming[1].id, "Vera Vandrare", "vera@example.se", None, False)
    slots.cancel_slot(coming[-1], "För få anmälda.")
    # Walks already held: made in the future as the services require, then moved back.
    for weeks_ago in (1, 2, 3):
        slot = slots.create_slot(today + timedelta(days=60 + weeks_ago), fields(area="Billesholm"))
        walker = signups.sign_up(slot.id, f"Gammal Vandrare {weeks_ago}",
                                 f"gammal{weeks_ago}@example.se", None, False)
        slot.starts_at = utcnow() - timedelta(weeks=weeks_ago)
        slot.ends_at = slot.starts_at + timedelta(hours=3)
        if weeks_ago != 3:
            db.session.add(WalkReport(slot=slot, signup=walker, areas_walked="Billesholm centrum",
                                      youths_met=12, observations="Lugnt vid skolan.",
                                      submitted_at=utcnow()))
    db.session.flush()


def _news_and_events(editor):
    from portal.events import services as events
    from portal.events.forms import EventContent
    from portal.news import images
    from portal.news import services as news
    from portal.news.forms import NewsContent
    from portal.reports.photos import check_photo
    from portal.timeutil import utcnow
    from tests.images import jpeg_with_gps

    image = images.store(check_photo(io.BytesIO(jpeg_with_gps()), 10 * 2**20, 1600))
    for number in range(14):
        content = NewsContent(
            title=f"Nyhet nummer {number} om tryggheten", slug=None,
            summary="Kort om vad som hänt.", body="## Vad hände?\n\nVi gick **tre** kvällar.",
            new_image=image if number == 0 else None, remove_image=False,
            image_alt="Vuxna i gula västar på torget" if number == 0 else None,
            tag_names=["Kvällspromenader"] if number % 2 else ["Belysning"])
        if number == 12:
            news.NEWS.save_draft(None, editor, content)
        elif number == 13:
            news.NEWS.publish(None, editor, content, utcnow() + timedelta(days=2))
        else:
            news.NEWS.publish(None, editor, content)
    start = utcnow().replace(second=0, microsecond=0)
    for number in range(26):
        days = number - 3  # three past events, the rest coming
        content = EventContent(
            title=f"Trygghetsvandring {number}", starts_at=start + timedelta(days=days),
            ends_at=start + timedelta(days=days, hours=2), place="Stationen, Bjuv",
            description="Vi går *tillsammans*.", is_cancelled=number == 7)
        if days < 0:
            event = events.EVENTS.publish(None, editor, content)
            continue
        if number == 25:
            events.EVENTS.save_draft(None, editor, content)
        else:
            events.EVENTS.publish(None, editor, content)
    db.session.flush()
