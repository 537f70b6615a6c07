"""The feeds: news (RSS and Atom), reports and events. Each parses without errors, links
absolutely, answers conditional requests with 304, and never carries a draft, a future
item, a hidden report or a resident's personal data."""
import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from portal.extensions import db
from portal.news.models import NewsItem
from portal.reports.models import Report, ReportStatus
from portal.reports.services import Contact
from portal.timeutil import utcnow
from tests.content import make_event, make_news

BASE = "https://trygghet.example.se"  # PUBLIC_BASE_URL in the tests
RESIDENT = Contact("Hedda Hemlig", "hedda.hemlig@example.se", "070-999 88 77", True)
SECRET_DESCRIPTION = "Det var grannens son Kalle Karlsson som sprejade, han bor på Gatan 3."


@pytest.fixture
def editor_id(make_user):
    return make_user("editor", email="redaktor@bjuv.example", name="Rut Redaktör")


def parse(response):
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def set_news_time(app, item_id, when):
    with app.app_context():
        item = db.session.get(NewsItem, item_id)
        item.published_at = item.edited_at = when
        db.session.commit()


@pytest.mark.parametrize("path, content_type", [
    ("/nyheter/rss.xml", "application/rss+xml; charset=utf-8"),
    ("/nyheter/atom.xml", "application/atom+xml; charset=utf-8"),
])
def test_news_feeds_carry_published_items_with_absolute_links(app, client, editor_id, path, content_type):
    item_id = make_news(app, editor_id, body="## Rubrik\n\nSe [rapporterna](/rapporter).\n\n<script>x()</script>",
                        tags=["Belysning"])
    set_news_time(app, item_id, datetime(2026, 6, 26, 7, 0))
    make_news(app, editor_id, title="Ett utkast", state="draft")
    make_news(app, editor_id, title="Kommer senare", state="scheduled")

    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    feed = parse(response)
    assert feed.feed.link == f"{BASE}/nyheter" and feed.feed.language == "sv"
    [entry] = feed.entries
    assert entry.title == "Sommarens trygghetsvandringar"
    assert entry.link == f"{BASE}/nyheter/sommarens-trygghetsvandringar"
    assert entry.published_parsed[:5] == (2026, 6, 26, 7, 0)  # UTC, from the correct offset
    content = entry.content[0].value
    assert "<h2>Rubrik</h2>" in content and f'href="{BASE}/rapporter"' in content
    assert "<script" not in content and "x()" not in content
    assert entry.summary == "Vi gick i centrum." or "Vi gick i centrum." in entry.summary
    assert [tag.term for tag in entry.tags] == ["Belysning"]
    assert "Ett utkast" not in response.get_data(as_text=True)
    assert "Kommer senare" not in response.get_data(as_text=True)


def test_news_feed_holds_the_twenty_newest(app, client, editor_id):
    for number in range(22):
        item_id = make_news(app, editor_id, title=f"Nyhet {number}")
        set_news_time(app, item_id, utcnow() - timedelta(hours=30 - number))
    feed = parse(client.get("/nyheter/rss.xml"))
    assert len(feed.entries) == 20
    assert feed.entries[0].title == "Nyhet 21" and feed.entries[-1].title == "Nyhet 2"


@pytest.mark.parametrize("path", ["/nyheter/rss.xml", "/nyheter/atom.xml", "/evenemang/rss.xml", "/rapporter/rss.xml"])
def test_a_reader_that_has_the_feed_gets_304(app, client, editor_id, make_report, path):
    make_news(app, editor_id)
    make_event(app, editor_id)
    make_report(publish=True)
    first = client.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(path).data == first.data  # the same content gives the same bytes

    by_etag = client.get(path, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.data == b"" and by_etag.headers["ETag"] == etag
    by_date = client.get(path, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    older = client.get(path, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def age(app, item_id, days):
    """Move an item's every timestamp `days` back, as if it had been written then."""
    then = utcnow() - timedelta(days=days)
    with app.app_context():
        item = db.session.get(NewsItem, item_id)
        item.published_at = item.edited_at = item.updated_at = then
        db.session.commit()


def test_a_change_ends_the_304(app, client, editor_id):
    old_id = make_news(app, editor_id, title="En gammal nyhet")
    age(app, old_id, 2)
    first = client.get("/nyheter/rss.xml")
    conditional = {"If-None-Match": first.headers["ETag"], "If-Modified-Since": first.headers["Last-Modified"]}
    fresh_id = make_news(app, editor_id, title="En färsk nyhet")
    fresh = client.get("/nyheter/rss.xml", headers=conditional)
    assert fresh.status_code == 200 and "En färsk nyhet" in fresh.get_data(as_text=True)

    # Unpublishing moves no publication date forward, but the feed has changed all the same.
    age(app, fresh_id, 1)
    second = client.get("/nyheter/rss.xml")
    with app.app_context():
        db.session.get(NewsItem, old_id).published_at = None
        db.session.commit()
    after = client.get("/nyheter/rss.xml", headers={"If-Modified-Since": second.headers["Last-Modified"]})
    assert after.status_code == 200 and "En gammal nyhet" not in after.get_data(as_text=True)

    # A scheduled item whose time comes changes the feed without anyone writing to it.
    later_id = make_news(app, editor_id, title="Schemalagd", state="scheduled")
    with app.app_context():
        for item in db.session.scalars(db.select(NewsItem)):
            item.updated_at = utcnow() - timedelta(days=1)  # everything written long ago …
        db.session.commit()
    third = client.get("/nyheter/rss.xml")
    with app.app_context():
        db.session.execute(db.update(NewsItem).where(NewsItem.id == later_id).values(
            published_at=utcnow(), updated_at=utcnow() - timedelta(days=1)))  # … its time comes
        db.session.commit()
    appeared = client.get("/nyheter/rss.xml", headers={"If-Modified-Since": third.headers["Last-Modified"]})
    assert appeared.status_code == 200 and "Schemalagd" in appeared.get_data(as_text=True)


def test_an_empty_feed_is_still_a_valid_feed(client):
    for path in ("/nyheter/rss.xml", "/nyheter/atom.xml", "/evenemang/rss.xml", "/rapporter/rss.xml"):
        feed = parse(client.get(path))
        assert feed.entries == []


def publish_report_with_history(app, make_report, category="klotter", **kwargs):
    from portal.desk import services as desk

    report_id, _token = make_report(category=category, description=SECRET_DESCRIPTION, contact=RESIDENT,
                                    publish=True, title="Klotter på skolans vägg",
                                    text="Klotter på skolans vägg mot parken.", **kwargs)
    with app.test_request_context():
        report = db.session.get(Report, report_id)
        desk.change_status(report, ReportStatus.IN_PROGRESS, "Vi har beställt sanering.")
        desk.change_status(report, ReportStatus.FIXED, "")
        desk.reply(report, "Tack för att du hörde av dig!")
        db.session.commit()
    return report_id


def test_reports_feed_has_the_public_history_and_no_personal_data(app, client, make_report):
    report_id = publish_report_with_history(app, make_report)
    hidden_id, _ = make_report(publish=True, title="Dold rapport", text="Syns inte.")
    make_report(title="Opublicerad", description="Inte publicerad än.")
    with app.app_context():
        db.session.get(Report, hidden_id).is_hidden = True
        db.session.commit()

    response = client.get("/rapporter/rss.xml")
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = parse(response)
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 4  # published, two status changes, one reply
    assert titles[-1].startswith("New report") or "Klotter på skolans vägg" in titles[-1]
    assert all(entry.link == f"{BASE}/rapporter/{report_id}" for entry in feed.entries)
    text = response.get_data(as_text=True)
    assert "Vi har beställt sanering." in text and "Tack för att du hörde av dig!" in text
    assert "Klotter på skolans vägg mot parken." in text
    for secret in (RESIDENT.name, RESIDENT.email, RESIDENT.phone, "Hedda", "070-999",
                   SECRET_DESCRIPTION, "Kalle Karlsson", "Dold rapport", "Opublicerad", "Inte publicerad"):
        assert secret not in text, secret
    with app.app_context():  # nor the secret follow link
        token = db.session.get(Report, report_id).follow_token
    assert token not in text


def test_reports_feed_is_filtered_by_category_and_status(app, client, make_report):
    fixed_id = publish_report_with_history(app, make_report)
    lamp_id, _ = make_report(category="trasig-belysning", publish=True, title="Släckt lampa",
                             text="Lampan lyser inte.")

    def links(query):
        return {entry.link for entry in parse(client.get(f"/rapporter/rss.xml?{query}")).entries}

    assert links("kategori=trasig-belysning") == {f"{BASE}/rapporter/{lamp_id}"}
    assert links("status=fixed") == {f"{BASE}/rapporter/{fixed_id}"}
    assert links("kategori=klotter&status=fixed") == {f"{BASE}/rapporter/{fixed_id}"}
    assert links("kategori=trasig-belysning&status=fixed") == set()
    feed = parse(client.get("/rapporter/rss.xml?kategori=trasig-belysning"))
    assert feed.feed.link == f"{BASE}/rapporter?category={_category_id(app, 'trasig-belysning')}"


def _category_id(app, slug):
    from portal.reports.models import Category

    with app.app_context():
        return db.session.scalar(db.select(Category.id).where(Category.slug == slug))


@pytest.mark.parametrize("query", ["kategori=finns-inte", "status=bortglomd", "kategori=%3Cscript%3E",
                                   "status=" + "x" * 5000])
def test_an_unknown_filter_is_a_clear_400(client, query):
    response = client.get(f"/rapporter/rss.xml?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<script>" not in html
    assert "klotter" in html or "fixed" in html  # the values that exist are named


def test_events_feed_lists_upcoming_published_events(app, client, editor_id):
    make_event(app, editor_id, title="Trygghetsvandring i centrum", starts_in=timedelta(days=2))
    make_event(app, editor_id, title="Inställd dialog", starts_in=timedelta(days=1), cancelled=True)
    make_event(app, editor_id, title="Ett utkast", published=False)
    make_event(app, editor_id, title="Ett möte som varit", starts_in=timedelta(days=-2))
    feed = parse(client.get("/evenemang/rss.xml"))
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 2
    assert "Inställd dialog" in titles[0] and "Trygghetsvandring i centrum" in titles[1]  # soonest first
    assert all(re.fullmatch(rf"{BASE}/evenemang/\d+", entry.link) for entry in feed.entries)


@pytest.mark.parametrize("path, announced", [
    ("/", ["/nyheter/rss.xml", "/nyheter/atom.xml", "/evenemang/rss.xml"]),
    ("/nyheter", ["/nyheter/rss.xml", "/nyheter/atom.xml"]),
    ("/nyheter/sommarens-trygghetsvandringar", ["/nyheter/rss.xml", "/nyheter/atom.xml"]),
    ("/evenemang", ["/evenemang/rss.xml"]),
    ("/rapporter", ["/rapporter/rss.xml"]),
])
def test_pages_with_a_feed_announce_it(app, client, editor_id, path, announced):
    make_news(app, editor_id)
    html = client.get(path).get_data(as_text=True)
    head = html.split("</head>", 1)[0]
    for href in announced:
        assert re.search(rf'<link rel="alternate" type="application/(rss|atom)\+xml" title="[^"]+" href="{re.escape(href)}">', head), href


def test_a_filtered_reports_page_announces_the_filtered_feed(app, client, categories):
    html = client.get(f"/rapporter?category={categories['klotter']}&status=fixed").get_data(as_text=True)
    assert 'href="/rapporter/rss.xml?kategori=klotter&amp;status=fixed"' in html.split("</head>", 1)[0]


def test_feed_dates_carry_their_time_zone(app, client, editor_id):
    item_id = make_news(app, editor_id)
    set_news_time(app, item_id, datetime(2026, 1, 5, 23, 30))
    rss = client.get("/nyheter/rss.xml").get_data(as_text=True)
    assert "<pubDate>Mon, 05 Jan 2026 23:30:00 +0000</pubDate>" in rss
    atom = client.get("/nyheter/atom.xml").get_data(as_text=True)
    assert "<published>2026-01-05T23:30:00+00:00</published>" in atom
    parsed = feedparser.parse(atom).entries[0].published_parsed
    assert datetime(*parsed[:6], tzinfo=UTC) == datetime(2026, 1, 5, 23, 30, tzinfo=UTC)


def test_walks_feed_lists_coming_walks_without_walkers(app, client):
    from tests.walk_helpers import make_slot, move_slot, sign_up

    slot_id = make_slot(app, days=5, area="Skromberga", meeting_point="Folkets park")
    past_id = make_slot(app, days=2, area="Billesholm")
    move_slot(app, past_id, timedelta(days=-1))
    assert sign_up(client, slot_id, name="Walter Vandrare", email="walter@example.se").status_code == 303

    page = client.get("/promenader")
    assert 'href="/promenader/rss.xml"' in page.get_data(as_text=True)
    response = client.get("/promenader/rss.xml")
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = parse(response)
    [entry] = feed.entries
    assert entry.link == f"{BASE}/promenader/{slot_id}"
    assert "Skromberga" in entry.title and "Folkets park" in entry.summary
    body = response.get_data(as_text=True)
    assert "Walter" not in body and "walter@example.se" not in body and "Billesholm" not in body

    again = client.get("/promenader/rss.xml", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
