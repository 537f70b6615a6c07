"""The lägesbild in a real browser: axe-core on the staff and public pages (with figures
and with a filter error), and both pages without JavaScript, CSV download included."""
import re
from datetime import datetime, timedelta

from playwright.sync_api import expect

from portal.lagesbild.buckets import default_summer
from portal.lagesbild.context import today
from portal.reports.models import ReportStatus
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_desk_flow import create_with_cli, log_in
from tests.test_lagesbild import BILLESHOLM, BJUV, add
from tests.test_lagesbild_presence import walk, walk_report
from tests.walk_helpers import stockholm


def summer_reports(app):
    """Reports in this summer and the one before, so that every chart has something."""
    with app.app_context():
        summer = default_summer(today())
    for year_back in (0, 1):
        first = summer.first.replace(year=summer.first.year - year_back)
        at = datetime(first.year, first.month, first.day, 10) + timedelta(days=3)
        for category, count in (("klotter", 4 - 2 * year_back), ("skadegorelse", 3), ("trasig-belysning", 1)):
            for _ in range(count):
                add(app, category=category, at=at, responded=at + timedelta(hours=5),
                    closed=at + timedelta(hours=30), status=ReportStatus.FIXED)
        add(app, at=at, position=BILLESHOLM)
        add(app, at=at, position=None)
    return summer


def summer_walk(app, summer):
    """A walk with two walkers and a walk report in the summer, for the adult-presence figures."""
    day = summer.first + timedelta(days=4)
    slot_id, signups = walk(app, stockholm(day.year, day.month, day.day, 19),
                            stockholm(day.year, day.month, day.day, 22), BJUV, walkers=2)
    walk_report(app, slot_id, signups[0], youths=6, observations="Lugnt vid skolan.")


def test_staff_and_public_pages_pass_axe(app, live_server, browser):
    summer_walk(app, summer_reports(app))
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    context, page = _new_page(browser)
    log_in(page, live_server.url, "samordnare@bjuv.example")
    page.locator("nav a[href='/admin/lagesbild']").click()
    expect(page.locator("#chart-jamforelse")).to_be_visible()
    expect(page.locator("#chart-promenader-veckor")).to_be_visible()
    assert_accessible(page)

    # A date that does not exist: the summary takes focus and names the field.
    page.locator("#date_from").fill("2026-02-30")
    page.locator("main form.filters button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#date_from-error")).to_be_visible()
    assert page.title().startswith("Fel:")
    assert_accessible(page)

    page.goto(f"{live_server.url}/lagesbild")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.locator("#walks-year")).to_have_text("1")
    assert_accessible(page)
    page.locator("details summary").first.click()  # the map's table opens with a click
    assert_accessible(page)
    context.close()


def test_both_pages_work_without_javascript(app, live_server, browser, page_without_js):
    summer = summer_reports(app)
    page_without_js.goto(f"{live_server.url}/")
    page_without_js.get_by_role("link", name=re.compile("lägesbild|Situation", re.I)).first.click()
    expect(page_without_js).to_have_url(re.compile(r"/lagesbild$"))
    charts = page_without_js.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    expect(page_without_js.locator("#sommar-caption")).to_be_attached()

    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    context, page = _new_page(browser, java_script_enabled=False, accept_downloads=True)
    log_in(page, live_server.url, "samordnare@bjuv.example", check=False)
    page.goto(f"{live_server.url}/admin/lagesbild")
    first = summer.first.replace(year=summer.first.year - 1)
    page.locator("#date_from").fill(first.isoformat())
    page.locator("#date_to").fill((first + timedelta(days=60)).isoformat())
    page.locator("#category").select_option(label="Klotter")
    page.locator("main form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"date_from=.*category=\d+"))
    rows = page.locator("#jamforelse-caption").locator("xpath=..").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Klotter")
    with page.expect_download() as download:
        page.locator("a[href*='/admin/lagesbild/jamforelse.csv']").click()
    assert download.value.suggested_filename.startswith("lagesbild-jamforelse-")
    context.close()
