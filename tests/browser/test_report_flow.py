"""A resident reports in a real browser: with the map and a photo, without JavaScript,
with mistakes, and with the keyboard only. axe-core checks every page on the way."""
import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.reports import services
from portal.reports.models import Report
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.keyboard import tab_to
from tests.images import has_metadata, image_bytes, jpeg_with_gps

NAME, EMAIL, PHONE = "Ebba Exempelsson", "ebba.exempel@example.se", "070-555 12 34"


def test_resident_reports_with_map_photo_and_email_then_it_is_published(
    app, live_server, page, smtp_server
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    page.goto(f"{live_server.url}/rapportera")
    assert_accessible(page)

    page.get_by_label("Klotter", exact=True).check()
    expect(page.get_by_text("Kränkande klotter tar vi bort inom 24 timmar")).to_be_visible()
    page.locator("#report-map").click()  # no tiles offline, but the map still takes a click
    expect(page.locator("#lat")).not_to_have_value("")
    expect(page.get_by_text("Platsen är markerad på kartan.")).to_be_visible()
    page.get_by_label("Beskriv vad du har sett").fill("Nytt klotter på hela busskuren.")
    page.get_by_label("Foton (frivilligt)").set_input_files(
        [{"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.get_by_label("Namn").fill(NAME)
    page.get_by_label("E-post", exact=True).fill(EMAIL)
    page.get_by_label("Telefon").fill(PHONE)
    page.get_by_label("Jag vill få svar via e-post").check()
    page.get_by_role("button", name="Skicka anmälan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Tack")
    reference = re.search(r"TR-\d{4}-\d{5}", page.content()).group(0)
    follow_link = page.locator(".follow-link a")
    follow_url = follow_link.get_attribute("href")
    assert re.fullmatch(r"/arende/[A-Za-z0-9_-]{43,}", follow_url)
    assert_accessible(page)

    follow_link.click()
    expect(page.get_by_text("Inkommen").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)

    assert "Skickade: 1" in app.test_cli_runner().invoke(args=["send-mail"]).output
    (to, subject, body), = smtp_server.bodies()
    assert to == EMAIL and reference in subject
    assert f"{live_server.url}{follow_url}" in body

    with app.app_context():
        report = db.session.scalar(db.select(Report))
        services.publish_report(report, "Klotter på busskuren", "Klotter på hela busskuren.")
        db.session.commit()
        report_id = report.id

    page.goto(f"{live_server.url}/rapporter")
    expect(page.get_by_role("link", name="Klotter på busskuren")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Klotter på busskuren").click()
    photo = page.get_by_role("img", name="Foto 1")
    expect(photo).to_be_visible()
    assert_accessible(page)
    response = page.request.get(live_server.url + photo.get_attribute("src"))
    assert response.ok and not has_metadata(response.body())

    for path in ["/", "/rapporter", f"/rapporter/{report_id}", "/rapportera"]:
        page.goto(live_server.url + path)
        content = page.content()
        for secret in (NAME, EMAIL, PHONE):
            assert secret not in content, f"{secret} on {path}"


def test_the_same_report_can_be_made_without_javascript(app, live_server, page_without_js):
    page = page_without_js
    page.goto(f"{live_server.url}/rapportera")
    expect(page.locator("[data-map-block]")).to_be_hidden()
    page.get_by_label("Trasig belysning").check()
    page.get_by_label("Beskriv platsen").fill("Gångvägen bakom idrottshallen")
    page.get_by_label("Beskriv vad du har sett").fill("Tre lampor är släckta.")
    page.get_by_label("Foton (frivilligt)").set_input_files(
        [{"name": "lampa.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}]
    )
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tack")
    page.locator(".follow-link a").click()
    expect(page.get_by_text("Inkommen").first).to_be_visible()
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        assert report.place == "Gångvägen bakom idrottshallen" and len(report.photos) == 1


def test_mistakes_are_summarised_focused_and_linked_to_the_fields(live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    page.get_by_label("Beskriv platsen").fill("<b>Torget</b>")
    page.get_by_role("button", name="Skicka anmälan").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Något behöver rättas")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fel:")
    expect(page.get_by_label("Beskriv platsen")).to_have_value("<b>Torget</b>")
    assert_accessible(page)

    summary.get_by_role("link", name="Beskriv vad du har sett.").click()
    expect(page.get_by_label("Beskriv vad du har sett")).to_be_focused()
    expect(page.get_by_label("Beskriv vad du har sett")).to_have_attribute("aria-invalid", "true")




def test_a_report_can_be_made_with_the_keyboard_only(app, live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.keyboard.press("Enter")

    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, "#place")
    page.keyboard.type("Lekplatsen i parken")
    tab_to(page, "#description")
    page.keyboard.type("Gungan är sönder och det ligger glas i sanden.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tack")


def test_published_reports_nearby_are_offered_before_sending(app, live_server, page, make_report):
    center = tuple(app.config["MAP_CENTER"])
    make_report(position=center, publish=True, title="Klotter på transformatorstationen")
    page.goto(f"{live_server.url}/rapportera")
    page.get_by_label("Klotter", exact=True).check()
    page.locator("#report-map").click()
    nearby = page.locator("[data-nearby]")
    expect(nearby).to_be_visible()
    expect(nearby).to_contain_text("Är det samma sak?")
    expect(nearby.get_by_role("link", name="Klotter på transformatorstationen")).to_be_visible()
    assert_accessible(page)


def test_use_my_position_marks_the_place(browser, live_server):
    context, page = _new_page(
        browser, geolocation={"latitude": 56.0861, "longitude": 12.9150}, permissions=["geolocation"]
    )
    page.goto(f"{live_server.url}/rapportera")
    page.get_by_role("button", name="Använd min position").click()
    expect(page.get_by_text("Din position är markerad på kartan.")).to_be_visible()
    expect(page.locator("#lat")).to_have_value("56.086100")
    expect(page.locator("#lon")).to_have_value("12.915000")
    context.close()


@pytest.mark.parametrize(
    "path", ["/", "/tillganglighet", "/integritet", "/promenader", "/nyheter", "/finns-inte"]
)
def test_pages_pass_axe(live_server, page, path):
    page.goto(live_server.url + path)
    assert_accessible(page)
