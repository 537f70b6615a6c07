"""The demo municipality (portal/demo) as people meet it: every list has pages, the desk
opens clean on thousands of reports, the lägesbild shows real figures on first start."""
import re
from pathlib import Path

from portal.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PAGE_OF = re.compile(r"Sida (\d+) av (\d+)")
ERROR_SIGNS = ("Något behöver rättas", "error-summary", "field--error", "Välj ett av alternativen")


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def pages(text):
    page, total = PAGE_OF.search(text).groups()
    return int(page), int(total)


def count_shown(text):
    """The "N anmälningar" line above a list (1 234 is written with a space)."""
    match = re.search(r"([\d\s\u00a0]+) anmälningar</p>", text)
    return int(re.sub(r"\D", "", match.group(1)))


def assert_clean(text, url):
    for sign in ERROR_SIGNS:
        assert sign not in text, (url, sign)


def test_the_public_list_has_a_second_and_a_last_page(municipality):
    client = municipality.app.test_client()
    first = html(client, "/rapporter")
    assert count_shown(first) > 1000
    page, last = pages(first)
    assert page == 1 and last > 2
    assert 'rel="next"' in first and "Nästa sida" in first
    second = html(client, "/rapporter?page=2")
    assert pages(second) == (2, last) and 'href="/rapporter/' in second
    final = html(client, f"/rapporter?page={last}")
    assert pages(final) == (last, last) and 'href="/rapporter/' in final and 'rel="next"' not in final


def test_the_coordinators_queue_opens_clean_and_pages_through_thousands(municipality):
    client = municipality.login("coordinator")
    first = html(client, "/admin/rapporter")
    assert_clean(first, "/admin/rapporter")
    assert count_shown(first) >= 2000
    page, last = pages(first)
    assert page == 1 and last >= 40
    assert "TR-" in first and "Äldre" in first
    for number in (2, last):
        text = html(client, f"/admin/rapporter?page={number}")
        assert pages(text) == (number, last) and "TR-" in text
        assert_clean(text, f"page {number}")
    # Filters survive the page links, and an empty filter is no filter.
    filtered = html(client, "/admin/rapporter?status=fixed&category=&q=")
    assert_clean(filtered, "filtered")
    assert "status=fixed" in filtered and "page=2" in filtered


def test_a_bad_filter_value_is_still_named_at_its_field(municipality):
    text = html(municipality.login("coordinator"), "/admin/rapporter?status=bogus")
    assert "Något behöver rättas" in text and "Välj ett av alternativen." in text


def test_a_handler_sees_the_department_queue_without_errors(municipality):
    client = municipality.login("handler", 2)  # samhällsbyggnad: most of the reports
    text = html(client, "/admin/rapporter")
    assert_clean(text, "handler queue")
    assert count_shown(text) > 500
    assert pages(text)[1] > 1


def test_filter_pages_opened_plainly_show_no_error(municipality):
    coordinator = municipality.login("coordinator")
    for url in ("/admin/rapporter", "/admin/lagesbild", "/admin/logg", "/admin/export",
                "/admin/nyheter", "/admin/evenemang", "/admin/promenader/", "/admin/"):
        assert_clean(html(coordinator, url), url)
    visitor = municipality.app.test_client()
    for url in ("/rapporter", "/lagesbild", "/nyheter", "/evenemang", "/promenader"):
        assert_clean(html(visitor, url), url)


def test_no_template_assigns_to_the_gettext_function():
    """`{% set _ = … %}` replaces gettext `_` for the rest of the template (the queue's 500)."""
    assignment = re.compile(r"\{%-?\s*set\s+_\s*[=,]")
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*")
                 if path.is_file() and assignment.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_audit_log_news_and_events_have_several_pages(municipality):
    coordinator = municipality.login("coordinator")
    page, last = pages(html(coordinator, "/admin/logg"))
    assert last > 10
    assert pages(html(coordinator, f"/admin/logg?page={last}")) == (last, last)
    visitor = municipality.app.test_client()
    for url in ("/nyheter", "/evenemang", "/evenemang?visa=tidigare"):
        text = html(visitor, url)
        page, last = pages(text)
        assert last >= 2, url
        joiner = "&" if "?" in url else "?"
        assert pages(html(visitor, f"{url}{joiner}page={last}")) == (last, last)


def test_the_lagesbild_compares_this_summer_with_last_on_first_start(municipality):
    text = html(municipality.app.test_client(), "/lagesbild")
    summary = re.search(r'<desc id="chart-sommar-desc">(\d+) anmälningar [^<]* mot (\d+) ', text)
    assert summary, "the summer comparison says how many reports each summer had"
    this_summer, last_summer = map(int, summary.groups())
    assert this_summer > 100 and last_summer > 100
    staff = html(municipality.login("coordinator"), "/admin/lagesbild")
    assert_clean(staff, "/admin/lagesbild")


def test_the_latest_summer_shows_the_effort_against_vandalism(municipality):
    """Klotter in the latest summer is clearly below the summer before (the demo's effort)."""
    from portal.lagesbild.buckets import default_summer
    from portal.timeutil import to_local

    summer = default_summer(to_local(municipality.now).date())
    text = html(municipality.app.test_client(),
                f"/lagesbild?date_from={summer.first}&date_to={summer.last}")
    bars = re.search(r'>Klotter</text>.*?start" fill="#1b1f24">(\d+)</text>.*?start" fill="#1b1f24">(\d+)</text>',
                     text, re.S)
    last_year, this_year = map(int, bars.groups())
    assert this_year < 0.85 * last_year


def test_fixed_reports_count_as_fixed_in_the_lagesbild(municipality):
    """Every report shown as "Åtgärdad" has its closing time, so the lägesbild counts it."""
    from portal.reports.models import Report, ReportStatus

    with municipality.app.app_context():
        fixed = db.session.scalar(db.select(db.func.count()).where(Report.status == ReportStatus.FIXED))
        uncounted = db.session.scalar(db.select(db.func.count()).where(
            Report.status == ReportStatus.FIXED, Report.closed_at.is_(None)))
    assert fixed > 1000 and uncounted == 0
    text = html(municipality.app.test_client(), "/lagesbild")
    fixed_this_year = re.search(r'<span class="stat-number">([\d\s\u00a0]+)</span>anmälningar åtgärdade \d{4}', text)
    assert int(re.sub(r"\D", "", fixed_this_year.group(1))) > 100


def test_the_statuses_look_like_a_real_year(municipality):
    client = municipality.login("coordinator")
    counts = {}
    for status in ("received", "confirmed", "in_progress", "action_scheduled", "fixed",
                   "not_responsible", "unable_to_fix", "duplicate", "rejected"):
        counts[status] = count_shown(html(client, f"/admin/rapporter?status={status}"))
    total = sum(counts.values())
    assert counts["fixed"] > 0.6 * total
    assert all(counts[s] > 0 for s in counts), counts
    assert counts["received"] >= 5  # new ones wait in the queue
    assert sum(counts[s] for s in ("received", "confirmed", "in_progress", "action_scheduled")) < 0.15 * total
    attention = html(client, "/admin/")
    assert "TR-" in attention


def test_a_report_has_a_history_that_fits_its_status(municipality):
    client = municipality.login("coordinator")
    queue = html(client, "/admin/rapporter?status=fixed")
    report_id = re.search(r'href="/admin/rapporter/(\d+)"', queue).group(1)
    case = html(client, f"/admin/rapporter/{report_id}")
    assert "Åtgärdad" in case and "Publicerade anmälan." in case
    public = html(municipality.app.test_client(), "/rapporter?status=fixed")
    assert "Åtgärdad" in public


def test_walks_and_their_reports_are_there(municipality):
    visitor = municipality.app.test_client()
    text = html(visitor, "/promenader")
    assert "Stortorget" in text and "Vecka " in text and "platser kvar" in text
    coordinator = municipality.login("coordinator")
    assert_clean(html(coordinator, "/admin/promenader/"), "walks admin")


def test_every_role_can_log_in_with_the_printed_password(municipality):
    assert set(municipality.accounts) == {"coordinator", "handler", "editor", "police"}
    assert all(len(emails) >= 2 for role, emails in municipality.accounts.items() if role != "police")
    police = municipality.login("police")
    assert html(police, "/admin/rapporter", status=403)
    assert "Lägesbild" in html(police, "/admin/lagesbild")
    editor = municipality.login("editor")
    assert html(editor, "/admin/rapporter", status=403)
    assert "Nyheter" in html(editor, "/admin/nyheter")


def test_the_demo_loads_in_seconds(municipality):
    """Measured, not asserted: the machine is shared. See the load time with -s."""
    print(f"\nThe demo municipality: {municipality.reports} reports in {municipality.seconds:.1f} s")
    assert municipality.reports > 2500


def test_flask_demo_loads_once_and_prints_logins_that_work(app):
    from portal.reports.models import Report
    from tests.conftest import log_in

    runner = app.test_cli_runner()
    output = runner.invoke(args=["demo", "--seed", "7"]).output
    assert "samordnare@example.se" in output and "redaktor@example.se" in output
    password = re.search(r"Lösenord för alla demokonton: (\S+)", output).group(1)
    assert log_in(app.test_client(), "skola@example.se", password).status_code == 303
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count(Report.id)))
    again = runner.invoke(args=["demo"]).output
    assert "samordnare@example.se" not in again and "Inget demoinnehåll" in again
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Report.id))) == count
