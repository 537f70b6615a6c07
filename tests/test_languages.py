"""Every resident's language (issue 18): /en/ and /ar/ URLs, lang and dir, the switcher and
hreflang, the Accept-Language banner, the catalogues, and mail in the language the
resident wrote in, whoever or whatever sends it."""
import re
from datetime import datetime, timedelta

import pytest
from lxml import html as lxml_html

from portal import create_app
from portal.extensions import db
from portal.languages import catalogues
from portal.mail.models import OutboxMessage
from portal.mail.services import deliver_pending
from portal.reports.models import Report
from portal.walks.models import WalkSignup
from tests.walk_helpers import make_slot, move_slot, sign_up

BASE = "https://trygghet.example.se"


@pytest.fixture
def app_config(app_config, smtp_server):  # mail goes through a real SMTP server
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return app_config


def page(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return response, lxml_html.fromstring(response.get_data(as_text=True))


def report_form(categories, **overrides):
    data = {"category": str(categories["klotter"]), "description": "كتابة على جدار المدرسة.",
            "place": "Storgatan 1", "lat": "", "lon": "", "name": "Layla",
            "email": "layla@example.se", "phone": "", "wants_replies": "y"}
    data.update(overrides)
    return data


def outbox(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


# --- The catalogues ---------------------------------------------------------------------

def test_every_catalogue_is_complete_without_fuzzy_entries_and_with_its_plural_forms():
    """Reads the .po files against the msgids in the code (as `make messages` extracts
    them). After new strings: `make messages`, translate what it lists, commit."""
    msgids = catalogues.code_msgids()
    assert len(msgids) > 1000
    for locale in ("sv", "en", "ar"):
        found = catalogues.problems(locale, msgids)
        assert found == [], f"{locale}: {len(found)} to do, e.g. {found[:5]}"
    assert catalogues.read("ar").num_plurals == 6
    assert catalogues.read("en").num_plurals == 2


# --- The setting ------------------------------------------------------------------------

def test_a_locale_babel_cannot_parse_stops_the_app_with_a_clear_message(app_config):
    bad = [{"code": "xx", "locale": "xx_NOPE", "tag": "xx", "name": "Nope", "dir": "ltr"}]
    with pytest.raises(RuntimeError, match="Babel does not know the locale 'xx_NOPE'"):
        create_app({**app_config, "LANGUAGES": bad})
    with pytest.raises(RuntimeError, match="not a BCP 47 tag"):
        create_app({**app_config, "LANGUAGES": [
            {"code": "fa", "locale": "fa_AF", "tag": "fa_AF", "name": "دری", "dir": "rtl"}]})


def test_swedish_is_always_on_and_a_language_left_out_is_off(make_app):
    app = make_app(LANGUAGES=[{"code": "en", "locale": "en", "tag": "en", "name": "English"}])
    client = app.test_client()
    _response, doc = page(client, "/")
    assert [a.text for a in doc.cssselect(".languages-list li > *")] == ["Svenska", "English"]
    assert client.get("/ar/rapportera").status_code == 404


# --- URLs -------------------------------------------------------------------------------

def test_pages_live_under_their_language_and_every_link_on_them_stays_there(client):
    _response, doc = page(client, "/ar/rapportera")
    root = doc.getroottree().getroot()
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert doc.cssselect("h1")[0].text_content().strip() == "أبلِغ عن مشكلة أو مكان غير آمن"
    nav = [a.get("href") for a in doc.cssselect("nav[aria-label] ul.nav a")]
    assert nav and all(href.startswith("/ar/") for href in nav)
    css = doc.cssselect("link[rel=stylesheet]")[0].get("href")
    assert css.startswith("/static/"), css  # static files are never prefixed
    with client.get(css) as stylesheet:
        assert stylesheet.status_code == 200

    _response, doc = page(client, "/en/promenader")
    assert doc.getroottree().getroot().get("lang") == "en"
    assert doc.cssselect("h1")[0].text_content().strip() == "Evening walks"


def test_sv_prefix_lang_parameter_unknown_prefix_and_staff_pages(client):
    response = client.get("/sv/rapporter?status=fixed")
    assert (response.status_code, response.headers["Location"]) == (301, "/rapporter?status=fixed")
    response = client.get("/rapporter?lang=en&status=fixed")
    assert (response.status_code, response.headers["Location"]) == (302, "/en/rapporter?status=fixed")
    response = client.get("/ar/rapporter?lang=sv")
    assert (response.status_code, response.headers["Location"]) == (302, "/rapporter")
    assert client.get("/xx/rapportera").status_code == 404
    assert client.get("/fi/rapportera").status_code == 404  # not enabled
    response = client.get("/en/admin/rapporter")
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/rapporter")
    # Never a redirect to another site, whatever the path holds.
    for hostile in ("/sv//evil.example/x", "//evil.example/x?lang=sv", "/sv/\\evil.example"):
        location = client.get(hostile).headers.get("Location", "")
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (hostile, location)
    assert client.get("/rapporter?lang=xx").status_code == 200  # an unknown language is ignored
    assert client.get("/", headers={"Accept-Language": "x" * 5000}).status_code == 200


def test_head_has_reciprocal_absolute_hreflang_and_the_switcher_native_names(client):
    alternates = {}
    for path in ("/promenader", "/en/promenader", "/ar/promenader"):
        _response, doc = page(client, path)
        alternates[path] = {link.get("hreflang"): link.get("href")
                            for link in doc.cssselect("link[rel=alternate][hreflang]")}
        switcher = doc.cssselect("nav.languages li")
        assert [li.text_content().strip() for li in switcher] == ["Svenska", "English", "العربية"]
        current = [li for li in switcher if not li.cssselect("a")]
        assert len(current) == 1 and current[0].cssselect("[aria-current]")
        for link in doc.cssselect("nav.languages a"):
            assert link.get("lang") == link.get("hreflang")
        assert not doc.cssselect("nav.languages img")  # no flags
    expected = {"sv": f"{BASE}/promenader", "x-default": f"{BASE}/promenader",
                "en": f"{BASE}/en/promenader", "ar": f"{BASE}/ar/promenader"}
    assert all(found == expected for found in alternates.values())


def test_accept_language_shows_a_banner_on_swedish_pages_and_never_redirects(client):
    response, doc = page(client, "/", **{"Accept-Language": "en-GB,en;q=0.9,sv;q=0.5"})
    assert doc.getroottree().getroot().get("lang") == "sv"
    banner = doc.cssselect(".language-banner")[0]
    assert banner.get("lang") == "en"
    assert banner.cssselect("a")[0].get("href") == f"{BASE}/en/"
    assert banner.text_content().strip() == "Read this page in English"
    assert "Accept-Language" in response.headers["Vary"]

    _response, doc = page(client, "/promenader", **{"Accept-Language": "ar"})
    assert doc.cssselect(".language-banner")[0].text_content().strip() == "اقرأ هذه الصفحة بالعربية"
    # The page cache keeps the two apart: a Swedish reader gets no banner afterwards.
    for headers in ({"Accept-Language": "sv-SE,sv"}, {}):
        _response, doc = page(client, "/", **headers)
        assert not doc.cssselect(".language-banner")
    _response, doc = page(client, "/en/")
    assert not doc.cssselect(".language-banner")


def test_staff_pages_stay_swedish_without_switcher(coordinator):
    response = coordinator.get("/admin/rapporter", headers={"Accept-Language": "ar"})
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    assert doc.getroottree().getroot().get("lang") == "sv"
    assert not doc.cssselect("nav.languages, .language-banner, link[hreflang]")


def test_feeds_per_language(client):
    rss = client.get("/en/nyheter/rss.xml").get_data(as_text=True)
    assert "<language>en</language>" in rss
    assert f"{BASE}/en/nyheter" in rss
    atom = client.get("/ar/nyheter/atom.xml").get_data(as_text=True)
    assert 'xml:lang="ar"' in atom
    assert "<language>sv</language>" in client.get("/nyheter/rss.xml").get_data(as_text=True)


# --- Formats ----------------------------------------------------------------------------

def test_dates_follow_each_locale_with_western_digits_and_kl_only_in_swedish(app):
    from flask_babel import force_locale

    from portal.common import dates

    when = datetime(2026, 6, 26, 17, 0)  # naive UTC: 19.00 in Stockholm
    with app.test_request_context():
        assert dates.date_and_time(when) == "26 juni 2026 kl. 19.00"
        with force_locale("en"):
            assert dates.date_and_time(when) == "June 26, 2026 7:00\u202fPM"
            assert dates.week(when.date()) == "week 26"
        with force_locale("ar"):
            text = dates.date_and_time(when)
            assert "kl." not in text and "2026" in text and "يونيو" in text
            assert not re.search("[\u0660-\u0669]", text)  # no Arabic-Indic digits


# --- The resident's language travels with them ----------------------------------------

def test_an_arabic_report_gets_an_arabic_receipt_and_arabic_status_mail(app, client, coordinator, categories,
                                                                      smtp_server):
    response = client.post("/ar/rapportera", data=report_form(categories))
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/ar/arende/")
    with app.app_context():
        report = db.session.scalars(db.select(Report)).one()
        report_id, token = report.id, report.follow_token
        assert report.locale == "ar"
    receipt, = outbox(app)
    assert receipt.locale == "ar"
    assert "تم استلام بلاغك" in receipt.subject
    assert f"{BASE}/ar/arende/{token}" in receipt.body_text

    # The coordinator works in Swedish; the resident's mail is in Arabic all the same.
    case = coordinator.get(f"/admin/rapporter/{report_id}").get_data(as_text=True)
    assert '<html lang="sv"' in case
    assert re.search(r'Språk</dt><dd><span lang="ar" dir="rtl">العربية</span>', case)
    with app.app_context():
        version = db.session.get(Report, report_id).version
    response = coordinator.post(f"/admin/rapporter/{report_id}/status", data={
        "status-version": version, "status-status": "investigating", "status-note": "Vi tittar på det."})
    assert response.status_code == 303
    update = outbox(app)[-1]
    assert update.locale == "ar" and update.subject.startswith("مستجدات بلاغك")
    assert f"{BASE}/ar/arende/{token}" in update.body_text

    with app.app_context():
        assert deliver_pending() == (2, 0)
    for message in smtp_server.messages:
        assert message["Content-Language"] == "ar"
        assert "/ar/arende/" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_swedish_report_stays_swedish(app, client, categories):
    assert client.post("/rapportera", data=report_form(categories, description="Klotter.")).status_code == 303
    receipt, = outbox(app)
    assert receipt.locale == "sv" and receipt.subject.startswith("Vi har tagit emot din anmälan")
    assert f"{BASE}/arende/" in receipt.body_text


def test_an_english_walk_sign_up_gets_english_confirmation_and_reminder(app, client):
    slot_id = make_slot(app, days=5)
    response = client.post(f"/en/promenader/{slot_id}", data={
        "name": "Walter", "email": "walter@example.se", "phone": "", "is_first_walk": "no",
        "confirm_age": "y", "accept_rules": "y", "website": ""})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/en/")
    sign_up(client, slot_id, email="vera@example.se")  # a Swedish walker on the same walk
    with app.app_context():
        locales = dict(db.session.execute(db.select(WalkSignup.email, WalkSignup.locale)).all())
    assert locales == {"walter@example.se": "en", "vera@example.se": "sv"}
    confirmation = next(m for m in outbox(app) if m.to_addr == "walter@example.se")
    assert confirmation.subject.startswith("You are signed up for the evening walk on")
    assert "kl." not in confirmation.subject
    assert f"{BASE}/en/promenader/" in confirmation.body_text

    move_slot(app, slot_id, timedelta(hours=20))
    assert app.test_cli_runner().invoke(args=["send-reminders"]).exit_code == 0
    reminders = {m.to_addr: m for m in outbox(app) if "eminder" in m.subject or "Påminnelse" in m.subject}
    assert reminders["walter@example.se"].subject.startswith("Reminder: evening walk")
    assert reminders["walter@example.se"].locale == "en"
    assert "/en/promenader/avboka/" in reminders["walter@example.se"].body_text
    assert reminders["vera@example.se"].locale == "sv"
    assert "/promenader/avboka/" in reminders["vera@example.se"].body_text
    assert "/en/" not in reminders["vera@example.se"].body_text


# --- Text from the database ---------------------------------------------------------------

def test_the_coordinator_translates_a_category_and_swedish_is_the_marked_fallback(app, client, coordinator,
                                                                                  categories):
    category_id = categories["klotter"]
    form = coordinator.get(f"/admin/kategorier/{category_id}").get_data(as_text=True)
    assert 'name="name_en"' in form and 'name="notice_ar"' in form
    assert re.search(r'<input[^>]*dir="rtl"[^>]*lang="ar"[^>]*name="name_ar"', form)
    with app.app_context():
        from portal.reports.models import Category

        category = db.session.get(Category, category_id)
        data = {"name": category.name, "description": category.description, "notice": category.notice or "",
                "service_level_hours": category.service_level_hours or "", "position": category.position,
                "department_id": category.department_id or "", "is_active": "y"}
        swedish = category.name
    response = coordinator.post(f"/admin/kategorier/{category_id}", data={
        **data, "name_en": "Graffiti", "description_en": "Paint or tags on walls.", "name_ar": "x" * 121})
    assert response.status_code == 422 or "Skriv högst 120 tecken." in response.get_data(as_text=True)
    response = coordinator.post(f"/admin/kategorier/{category_id}", data={
        **data, "name_en": "Graffiti", "description_en": "Paint or tags on walls."})
    assert response.status_code == 303

    _response, doc = page(client, "/en/rapportera")
    labels = [label.text_content().strip() for label in doc.cssselect(".choices label")]
    assert "Graffiti" in labels and swedish not in labels
    _response, doc = page(client, "/ar/rapportera")
    marked = [span.text for span in doc.cssselect('.choices label span[lang="sv"]')]
    assert swedish in marked  # not translated into Arabic: the Swedish, marked as Swedish
    _response, doc = page(client, "/rapportera")
    assert swedish in [label.text_content().strip() for label in doc.cssselect(".choices label")]
    with app.app_context():
        from portal.audit.models import AuditEntry

        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "text_translated")) == 1


# --- Lättläst and the national minorities ---------------------------------------------------

@pytest.mark.parametrize(("page_url", "easy"), [("/rapportera", "/lattlast/rapportera"),
                                              ("/promenader", "/lattlast/promenader"),
                                              ("/rapporter", "/lattlast/folj")])
def test_swedish_task_pages_link_their_easy_to_read_page(client, page_url, easy):
    _response, doc = page(client, page_url)
    assert [a.get("href") for a in doc.cssselect(".easy-read a")] == [easy]
    assert doc.cssselect(".easy-read a")[0].text == "Lättläst"
    _response, easy_doc = page(client, easy)
    assert easy_doc.getroottree().getroot().get("lang") == "sv"
    assert not easy_doc.cssselect("link[hreflang], nav.languages")
    _response, english = page(client, "/en" + page_url)
    assert not english.cssselect(".easy-read")
    response = client.get("/en" + easy)
    assert (response.status_code, response.headers["Location"]) == (302, easy)


def test_the_minorities_page_has_a_section_in_each_minority_language(client):
    _response, doc = page(client, "/nationella-minoriteter")
    sections = {section.get("lang"): section for section in doc.cssselect("section[lang]")}
    assert set(sections) == {"fi", "fit", "se", "rom", "yi"}
    assert sections["yi"].get("dir") == "rtl"
    assert all(section.cssselect("h2") and section.cssselect("a[href^='mailto:']") for section in sections.values())
    _response, home = page(client, "/ar/")
    assert home.cssselect('footer a[href="/nationella-minoriteter"][hreflang="sv"]')
