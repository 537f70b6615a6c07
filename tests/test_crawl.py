"""Every page, every role: the whole URL map crawled on a realistic municipality's data as
a visitor, a coordinator, a handler and an editor (tests/crawl.py builds the list)."""
import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from tests.crawl import PAGE_COUNT, PAGED, ROLES, SKIPPED_ENDPOINTS, crawl

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def results(municipality):
    return crawl(municipality)


def test_the_crawl_covers_every_get_rule(municipality, results):
    rules = {r.endpoint for r in municipality.app.url_map.iter_rules() if "GET" in r.methods}
    assert rules - SKIPPED_ENDPOINTS - {r.visit.endpoint for r in results} == set()
    assert {r.visit.role for r in results} == set(ROLES)


def test_every_page_answers_each_role_as_expected(results):
    wrong = [f"{r.visit.label}: {r.status}, expected {r.visit.status}"
             for r in results if r.status != r.visit.status]
    assert wrong == [], "\n".join(wrong)
    to_login = [r.visit.label for r in results if r.visit.role == "visitor"
                and r.status == 302 and not r.location.startswith("/admin/logga-in")]
    assert to_login == []


def test_no_page_answers_with_a_server_error(results):
    assert [r.visit.label for r in results if r.status >= 500] == []


def test_a_page_opened_without_a_query_shows_no_error(results):
    """No error summary and no field error (the markup of `_macros.html`) on a plain GET."""
    shown = [r.visit.label for r in results
             if r.visit.plain and r.is_html and r.status == 200
             and ('class="error-summary"' in r.body or 'class="field-error"' in r.body)]
    assert shown == []


@pytest.mark.parametrize("endpoint", sorted(PAGED))
def test_every_list_has_a_page_2_and_a_last_page_with_rows(results, endpoint):
    pages = defaultdict(dict)
    for r in results:
        if r.visit.endpoint == endpoint and r.status == 200 and r.visit.page:
            pages[r.visit.role][r.visit.page] = r
    assert pages, f"{endpoint} has only one page in the data"
    for role, by_number in pages.items():
        last = max(by_number)
        assert 2 in by_number, (role, endpoint)
        for number, r in by_number.items():
            assert PAGE_COUNT.search(r.body).group(1) == str(number), r.visit.label
            assert re.search(PAGED[endpoint], r.body), f"{r.visit.label} has no rows"
        assert PAGE_COUNT.search(by_number[last].body).group(2) == str(last)


def test_no_template_assigns_to_the_gettext_function():
    """`{% set _ = … %}` replaces gettext's `_` for the rest of the template (a 500 on
    the queue's page 2 once did this)."""
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
                 if re.search(r"{%-?\s*set\s+_\s*=", path.read_text())]
    assert offenders == []


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu Html Checker needs Java")
def test_the_nu_html_checker_finds_no_errors(results, tmp_path):
    """Every HTML page state (one per URL and role, refused posts too), checked in one run."""
    assert VNU.exists(), "run `npm ci` (vnu-jar is a dev dependency)"
    labels, seen = {}, set()
    for number, r in enumerate(results):
        if not r.is_html or not r.body or (r.visit.url, r.body) in seen:
            continue
        seen.add((r.visit.url, r.body))
        path = tmp_path / f"page-{number:04d}.html"
        path.write_text(r.body)
        labels[path.name] = r.visit.label
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [f"{labels.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: "
              f"{m['message']}" for m in messages if m.get("type") == "error"
              or m.get("subType") == "fatal"]
    assert len(labels) > 50
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)
