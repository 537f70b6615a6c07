"""Playwright driving Debian's chromium against the live server; axe-core from npm."""
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe-core over the WCAG 2.1 A and AA rules, reporting violations only (quicker than
# working out every pass as well); page.evaluate(AXE_RUN, WCAG_TAGS).
AXE_RUN = "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


# When the browser closes a page while the live server (werkzeug's threaded dev server) is
# still sending a static file, werkzeug drops the open file without closing it, and the
# garbage collector's ResourceWarning lands in whichever test runs next. That is the test
# server's doing, not the portal's (gunicorn closes it), so browser tests ignore just that;
# every other test keeps `filterwarnings = error`.
BROWSER_WARNING_FILTERS = [
    "ignore:unclosed file:ResourceWarning",
    r"ignore:Exception ignored in. <_io\.:pytest.PytestUnraisableExceptionWarning",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            for rule in BROWSER_WARNING_FILTERS:
                item.add_marker(pytest.mark.filterwarnings(rule))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = True  # the browser gets and sends real tokens
    return app_config


def _new_page(browser, **options):
    # bypass_csp lets the test inject axe-core; the portal's own CSP stays on for the page.
    context = browser.new_context(locale="sv-SE", bypass_csp=True, **options)
    context.set_default_timeout(10_000)
    # No internet here: map tiles and other outside requests fail fast instead of hanging.
    context.route(
        lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort()
    )
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser):
    context, page = _new_page(browser, java_script_enabled=False)
    yield page
    context.close()


def assert_accessible(page):
    """Run axe-core with the WCAG 2.1 A and AA rules; fail on any violation.

    A click that navigates returns before the new document is there: wait for it to load,
    and if it was replaced while axe was being added (no <head> yet, axe gone), try again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.add_script_tag(content=AXE.read_text())
            result = page.evaluate(AXE_RUN, WCAG_TAGS)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"
