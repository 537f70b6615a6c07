"""What a keyboard or screen reader user meets (issue 11, section 3): hidden controls stay
hidden, the error summary wins the focus even after a #fragment, the map speaks Swedish and
takes a place from the keyboard, map markers are no tab stops, and staff hear the result of
what they did (a status message, or an error message that takes the focus)."""
import re

from playwright.sync_api import expect

from portal.desk import services as desk_services
from portal.extensions import db
from portal.reports.models import Report, ReportStatus
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.keyboard import tab_to
from tests.browser.test_desk_flow import create_with_cli, log_in

TABBABLE = """() => Array.from(document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]'))
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0)"""


def tab_stops(page, selector):
    """How many of the elements matching `selector` Tab can reach."""
    return page.evaluate(f"(s) => ({TABBABLE})().filter((el) => el.matches(s)).length", selector)


def test_remove_the_marker_is_hidden_and_no_tab_stop_until_a_place_is_marked(live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    remove = page.get_by_role("button", name="Ta bort markeringen")
    expect(page.locator("[data-map-block]")).to_be_visible()
    expect(remove).to_be_hidden()
    assert tab_stops(page, "[data-clear-point]") == 0

    page.locator("#report-map").click()
    expect(remove).to_be_visible()
    remove.click()
    expect(remove).to_be_hidden()
    expect(page.locator("#lat")).to_have_value("")


def test_the_error_summary_takes_the_focus_after_a_post_from_an_address_with_a_fragment(live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: the address is now /rapportera#main
    expect(page).to_have_url(re.compile(r"#main$"))
    page.get_by_role("button", name="Skicka anmälan").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Något behöver rättas")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fel: ") and not page.title().startswith("Fel: Fel:")
    assert "#" not in page.url


def test_the_map_speaks_swedish_and_has_a_name(live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    expect(zoom_in).to_have_attribute("title", "Zooma in")
    expect(zoom_in).to_have_attribute("aria-label", "Zooma in")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("aria-label", "Zooma ut")
    expect(page.get_by_role("application", name="Karta för att markera platsen")).to_be_visible()
    expect(page.get_by_text("Du kan också beskriva platsen med ord i stället.")).to_be_visible()

    page.get_by_role("button", name="Markera kartans mitt").click()
    expect(page.get_by_role("img", name="Den markerade platsen")).to_be_visible()
    expect(page.locator("[data-map-status]")).to_contain_text("Platsen mitt på kartan är markerad")
    expect(page.locator("#lat")).not_to_have_value("")
    assert_accessible(page)


def test_a_place_is_marked_on_the_map_and_the_report_sent_with_the_keyboard_only(app, live_server, page):
    page.goto(f"{live_server.url}/rapportera")
    tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    tab_to(page, "[data-map]")
    start = float(app.config["MAP_CENTER"][0])
    page.keyboard.press("ArrowUp")  # Leaflet moves the map north
    page.wait_for_timeout(400)  # the pan animation
    page.keyboard.press("Enter")
    status = page.locator("[data-map-status]")
    expect(status).to_contain_text("Platsen mitt på kartan är markerad")
    assert float(page.locator("#lat").input_value()) > start
    tab_to(page, "#description")
    page.keyboard.type("Lampan vid busshållplatsen är släckt.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tack")
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        assert report.lat > start and report.place in (None, "")


def test_markers_on_the_reports_page_are_named_and_add_no_tab_stops(live_server, page, make_report):
    titles = ["Klotter på skolan", "Trasig lampa i parken", "Glaskross vid stationen"]
    for number, title in enumerate(titles):
        make_report(position=(56.080 + number / 200, 12.915), publish=True, title=title)
    page.goto(f"{live_server.url}/rapporter")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    for title in titles:
        expect(page.get_by_role("img", name=title)).to_have_attribute("title", title)
    assert tab_stops(page, ".leaflet-marker-icon") == 0
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zooma in")
    expect(page.get_by_role("region", name="Karta över alla anmälningar som matchar filtret")).to_be_visible()
    assert_accessible(page)


def test_a_stale_case_form_is_announced_as_an_error_and_success_as_a_status(app, live_server, browser, make_report):
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    report_id, _token = make_report()
    context, page = _new_page(browser)
    log_in(page, live_server.url, "samordnare@bjuv.example")
    page.goto(f"{live_server.url}/admin/rapporter/{report_id}")
    with app.app_context():  # someone else changes the report meanwhile
        desk_services.change_status(db.session.get(Report, report_id), ReportStatus.CONFIRMED, "")
        db.session.commit()

    form = page.locator("#action-status form")
    form.get_by_label("Status").select_option("in_progress")
    form.get_by_role("button", name="Ändra status").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Någon annan ändrade anmälan medan du arbetade")
    expect(alert).to_be_focused()
    assert page.title().startswith("Fel: Anmälan ")
    assert_accessible(page)

    page.locator("#action-status form").get_by_role("button", name="Ändra status").click()
    expect(page.get_by_role("status")).to_contain_text("Statusen är ändrad")
    assert not page.title().startswith("Fel:")
    context.close()

