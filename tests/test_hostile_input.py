"""Hostile input a resident can send (issue 13): control characters, markup that becomes
a tag in a feed, personal data in the place, as a reader and a coordinator see them."""
import re

import feedparser
import pytest

from portal.events.models import Event
from portal.extensions import db
from portal.news.models import NewsItem
from portal.reports.models import Report
from portal.reports.services import Contact
from portal.walks.models import WalkSlot
from tests.test_desk import act, load
from tests.test_report_form import post, valid_form

REPORTER = Contact("Karin Rapportör", "karin@example.se", "070-111 22 33", True)
FEED_QUERIES = ["", "?kategori=klotter", "?status=received", "?kategori=klotter&status=received"]


@pytest.fixture
def coordinator(staff_client):
    return staff_client("coordinator")


def parsed(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_control_characters_never_reach_the_database_and_the_feed_keeps_working(app, client, categories, coordinator):
    response = post(client, valid_form(
        categories, place="Storgatan\x1b[31m 1\x00\x9b", name="Karin\r\nBcc: x@example.se",
        description="Första raden.\r\n\r\nAndra\x1b raden\x07 med\ttab.",
    ))
    assert response.status_code == 303
    with app.app_context():
        report = db.session.scalar(db.select(Report).order_by(Report.id.desc()))
        report_id = report.id
        assert report.place == "Storgatan[31m 1"
        assert report.description == "Första raden.\n\nAndra raden med\ttab."  # a text area keeps lines
        assert report.contact.name == "Karin Bcc: x@example.se"  # one line, control characters gone
    assert act(coordinator, app, report_id, "publicera", public_title="Klotter",
               public_text="Klotter på väggen.").status_code == 303
    for query in FEED_QUERIES:
        feed = parsed(client.get(f"/rapporter/rss.xml{query}"))
        assert "Storgatan[31m 1" in feed.entries[0].content[0].value


def test_no_stored_string_can_break_a_feed(app, client, make_report):
    """Text stored before the filter existed (or by another way in) is cleaned by the feed."""
    report_id, _ = make_report(publish=True, place="Gata\x1b 1", title="Rubrik\x0b med\x1b fel",
                               text="Text\x1b med\ufffe fel")
    for query in FEED_QUERIES:
        feed = parsed(client.get(f"/rapporter/rss.xml{query}"))
        assert "Rubrik med fel" in feed.entries[0].title
        assert "Text med fel" in feed.entries[0].summary
        assert "Gata 1" in feed.entries[0].content[0].value
    with app.app_context():
        assert db.session.get(Report, report_id).place == "Gata\x1b 1"  # the stored text is unchanged


MARKUP = "&lt;img src=x onerror=alert(1)&gt; <b>fet</b> & <script>x()</script>"


def test_resident_text_is_never_markup_in_the_reports_feed(app, client, make_report, coordinator):
    report_id, _ = make_report(description="Något", contact=REPORTER)
    assert act(coordinator, app, report_id, "publicera", public_title=f"Titel {MARKUP}",
               public_text=f"Text {MARKUP}").status_code == 303
    report = load(app, report_id)
    assert "<img" not in report.public_title and "<img" not in report.public_text
    raw = client.get("/rapporter/rss.xml").get_data(as_text=True)
    item = raw[raw.index("<item>"):]
    assert not re.search(r"&lt;(img|b|script)\b", item)  # no tag a reader would render as HTML
    entry = parsed(client.get("/rapporter/rss.xml")).entries[0]
    assert "<img" not in entry.title and "<img" not in entry.summary
    assert "onerror" not in entry.summary


@pytest.mark.parametrize("path", ["/rapporter/rss.xml", "/promenader/rss.xml", "/evenemang/rss.xml",
                                  "/nyheter/rss.xml"])
def test_titles_and_descriptions_of_every_rss_feed_are_escaped_text(app, client, make_report, path):
    from tests.content import make_event, make_news
    from tests.walk_helpers import make_slot

    editor = _editor(app)
    make_report(publish=True, title="Fel <i>tag</i> & lampa", text="A < B & C > D")
    news_id = make_news(app, editor)
    event_id = make_event(app, editor)
    slot_id = make_slot(app)
    with app.app_context():  # as stored by an older version, or by hand: the feed must cope
        db.session.get(NewsItem, news_id).title = "Nyhet <i>x</i> & y"
        db.session.get(NewsItem, news_id).summary = "Kort <i>x</i> & y"
        db.session.get(Event, event_id).title = "Möte <i>x</i> & y"
        db.session.get(WalkSlot, slot_id).area = "Område <i>x</i> & y"
        db.session.commit()
    raw = client.get(path).get_data(as_text=True)
    for element in re.findall(r"<(?:title|description)>(.*?)</(?:title|description)>", raw, re.DOTALL):
        assert "&lt;i&gt;" not in element and "<i>" not in element
    for entry in parsed(client.get(path)).entries:
        assert "<i>" not in entry.title and "<i>" not in entry.get("summary", "")


def _editor(app):
    from portal.accounts import services as accounts

    with app.app_context():
        user = accounts.create_user("redaktor-hostile@bjuv.example", "Rut Redaktör", "editor",
                                    "korrekt-hast-batteri-hafta", [])
        db.session.commit()
        return user.id


@pytest.mark.parametrize("place", ["Hos Karin Rapportör, Storgatan 1", "Ring 070-111 22 33 vid porten",
                                   "karin@example.se"])
def test_publishing_refuses_personal_data_in_the_place(app, client, make_report, coordinator, place):
    report_id, _ = make_report(place=place, contact=REPORTER)
    response = act(coordinator, app, report_id, "publicera", public_title="Klotter", public_text="Klotter.")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Platsen innehåller anmälarens namn" in html and 'href="#action-publicera"' in html
    assert not load(app, report_id).is_published
    assert client.get(f"/rapporter/{report_id}").status_code == 404

    # Corrected, it can be published; a corrected place with a phone number is refused.
    assert act(coordinator, app, report_id, "plats", place="Storgatan 1", lat="56.084000",
               lon="12.919000", reason="").status_code == 303
    assert act(coordinator, app, report_id, "publicera", public_title="Klotter",
               public_text="Klotter.").status_code == 303
    response = act(coordinator, app, report_id, "plats", place="Storgatan 1, ring 0701112233",
                   lat="56.084000", lon="12.919000", reason="")
    assert response.status_code == 422
    assert "Platsen innehåller" in response.get_data(as_text=True)
    assert "0701112233" not in client.get(f"/rapporter/{report_id}").get_data(as_text=True)


def test_a_photo_staff_hide_is_not_kept_by_caches(app, client, coordinator, make_report):
    import io

    from portal.reports.photos import check_photo
    from tests.images import jpeg_with_gps

    photo = check_photo(io.BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)
    report_id, _ = make_report(photos=[photo], publish=True)
    with app.app_context():
        photo_id = db.session.get(Report, report_id).photos[0].id
    url = f"/rapporter/{report_id}/foto/{photo_id}"
    with client.get(url) as shown:
        assert shown.status_code == 200
        assert "no-cache" in shown.headers["Cache-Control"] and "max-age" not in shown.headers["Cache-Control"]
        etag = shown.headers["ETag"]
    with client.get(url, headers={"If-None-Match": etag}) as revalidated:
        assert revalidated.status_code == 304  # a cache asks each time, cheaply
    version = load(app, report_id).version
    assert coordinator.post(f"/admin/rapporter/{report_id}/foto/{photo_id}/dolj",
                            data={"foto-version": version, "foto-reason": "Ett ansikte syns"}).status_code == 303
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404  # the cache's copy ends


def test_a_walkers_name_is_one_short_line_and_never_heads_the_mail(app, client):
    from portal.mail.models import OutboxMessage
    from tests.walk_helpers import make_slot, sign_up

    slot_id = make_slot(app)
    attack = "Vera\r\n\r\nDin anmälan är ogiltig. Logga in på https://evil.example och ange ditt BankID."
    assert sign_up(client, slot_id, name=attack[:80], email="offer@example.se").status_code == 303
    with app.app_context():
        body = db.session.scalar(db.select(OutboxMessage.body_text).where(OutboxMessage.to_addr == "offer@example.se"))
    first_line, signed_up_as = body.splitlines()[0], next(
        line for line in body.splitlines() if line.startswith("Anmäld som:"))
    assert first_line == "Hej!"
    assert signed_up_as.startswith("Anmäld som: Vera Din anmälan är ogiltig.")  # one line, labelled
    assert "\nDin anmälan är ogiltig" not in body

    response = sign_up(client, slot_id, name="V" * 81, email="lang@example.se")
    assert response.status_code == 422
    assert "Namnet får innehålla högst 80 tecken." in response.get_data(as_text=True)


def test_a_walk_report_sent_twice_at_once_is_stored_once_and_answered_as_a_second_post(app, make_app):
    from datetime import timedelta

    from portal.walks import tokens
    from portal.walks.models import WalkReport, WalkSignup
    from tests.test_walks_concurrency import at_once
    from tests.walk_helpers import make_slot, move_slot, sign_up

    slot_id = make_slot(app, days=5)
    sign_up(app.test_client(), slot_id)
    move_slot(app, slot_id, -timedelta(hours=5))
    with app.app_context():
        token = tokens.make("report", db.session.scalar(db.select(WalkSignup.link_key)))
    data = {"areas_walked": "Centrum", "youths_met": "3", "observations": "", "incidents": "", "free_text": ""}
    results = at_once(make_app, 6, lambda client, n: client.post(f"/promenader/rapport/{token}", data=data))
    assert sorted(results) == [303] + [409] * 5, results
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(WalkReport.id))) == 1
