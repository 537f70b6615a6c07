"""Every crawled page in a real browser: axe-core finds no WCAG 2.1 A/AA violation, and at
a 320 CSS px wide viewport no page scrolls sideways (WCAG 1.4.10 Reflow). The pages are
tests/crawl.py's list (sampled: see _pages), as a visitor and as a coordinator (who may
open every staff page); one browser and one live server for the whole module."""
import json
import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import AXE, AXE_RUN, WCAG_TAGS, _new_page
from tests.conftest import free_port
from tests.crawl import RIGHT_TO_LEFT, crawl

ROLES = ("visitor", "coordinator")
NARROW = {"width": 320, "height": 640}

# The elements that stick out past the right edge, for the failure message.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 4)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
         + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
         + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


@pytest.fixture(scope="module")
def served(municipality):
    """The municipality's app over HTTP in a thread, for the whole module."""
    port = free_port()
    server = make_server("127.0.0.1", port, municipality.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


def _pages(municipality, role):
    """The HTML pages `role` may open with a GET, each once. Every Swedish page as a
    visitor and every staff page as a coordinator; of the rest (the Arabic pages, the
    public pages under the coordinator's staff bar) one page per endpoint, as the same
    template with other data adds nothing the Swedish pass has not seen. The HTTP crawl
    and the Nu Html Checker still see every one of them (tests/test_crawl.py)."""
    seen, endpoints = [], set()
    for result in crawl(municipality):
        visit = result.visit
        if not (visit.role == role and visit.method == "GET" and result.status == 200
                and result.is_html and visit.url not in seen):
            continue
        arabic = visit.url.startswith(RIGHT_TO_LEFT + "/")
        in_full = visit.url.startswith("/admin") if role != "visitor" else not arabic
        sample = (arabic, visit.endpoint)
        if in_full or sample not in endpoints:
            endpoints.add(sample)
            seen.append(visit.url)
    return seen


@pytest.fixture(scope="module")
def findings(municipality, served, browser):
    """Each page opened once per role: axe-core at full width (once per URL), then the
    width at 320 px."""
    axe = AXE.read_text()
    violations, too_wide, opened, checked = [], [], 0, set()
    for role in ROLES:
        context, page = _new_page(browser, viewport={"width": 1280, "height": 800})
        if role != "visitor":
            page.goto(f"{served}/admin/logga-in")
            page.locator("#email").fill(municipality.accounts[role][0])
            page.locator("#password").fill(municipality.password)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(f"{served}/admin/")
        for url in _pages(municipality, role):
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(served + url)
            opened += 1
            if url not in checked:  # a public page differs little for a logged-in coordinator
                checked.add(url)
                violations.extend(_axe(page, axe, f"{role} {url}"))
            page.set_viewport_size(NARROW)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                too_wide.append(f"{role} {url}: {width}px {page.evaluate(WIDEST)}")
        context.close()
    return {"violations": violations, "too_wide": too_wide, "opened": opened}


def _axe(page, axe, where):
    page.add_script_tag(content=axe)
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    return [f"{where}: {v['id']} ({v['impact']}): {v['help']} "
            f"{json.dumps([n['target'] for n in v['nodes']][:3])}" for v in result["violations"]]


def test_axe_finds_no_violation_on_any_crawled_page(findings):
    assert findings["opened"] > 50
    assert findings["violations"] == [], "\n".join(findings["violations"])


def test_no_crawled_page_scrolls_sideways_at_320_px(findings):
    assert findings["too_wide"] == [], f"{len(findings['too_wide'])} of {findings['opened']} pages:\n" \
        + "\n".join(findings["too_wide"])
