"""The lägesbild through its routes: exact numbers from fixed data (ISO weeks in Stockholm
time, period against period across a year end, areas, map cells, handling percentiles),
CSV downloads, access, bad filters, the public page's privacy, and the cache."""
import csv
import io
import re
import secrets
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest

from portal.areas import parse_areas
from portal.extensions import db
from portal.lagesbild import context as lagesbild_context
from portal.reports.models import Category, Report, ReportStatus
from portal.reports.services import Contact

BJUV = (56.0840, 12.9190)
BILLESHOLM = (56.0600, 12.9960)
OUTSIDE_AREAS = (56.1500, 13.1000)  # inside MAP_BOUNDS, in no locality's box


def add(app, category="klotter", at=None, position=BJUV, status=ReportStatus.RECEIVED,
        responded=None, closed=None, contact=None, description="Anmälan."):
    """A report as stored, with the times given (naive UTC); returns its id."""
    from portal.reports.models import ReportContact

    with app.app_context():
        cat = db.session.scalar(db.select(Category).where(Category.slug == category))
        lat, lon = position if position else (None, None)
        created = at or datetime(2026, 6, 10, 10)
        report = Report(
            category=cat, department_id=cat.department_id, status=status,
            description=description, place="Storgatan", lat=lat, lon=lon,
            follow_token=secrets.token_urlsafe(16), created_at=created,
            responded_at=responded,
            # The database holds closed_at to the status (closed ones have it, open ones not).
            closed_at=(closed or created) if status.is_closed else None,
        )
        if status is ReportStatus.DUPLICATE:  # of a rejected report, counted nowhere
            report.duplicate_of = Report(
                category=cat, status=ReportStatus.REJECTED, description="Original.",
                follow_token=secrets.token_urlsafe(16), created_at=created, closed_at=created,
            )
        if contact:
            report.contact = ReportContact(name=contact.name, email=contact.email, phone=contact.phone)
        db.session.add(report)
        db.session.commit()
        return report.id


def download(client, table, **args):
    response = client.get(f"/admin/lagesbild/{table}.csv", query_string=args)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def by_name(rows):
    return {row[0]: row[1:] for row in rows[1:]}


class Tables(HTMLParser):
    """The page's tables by caption id: {id: [[cell text, …], …]}."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self.current = attrs.get("id")
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.row = []
            self.tables[self.current].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.current = self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture
def frozen(monkeypatch):
    """Now is 20 November 2026, 12.00 UTC, for the pages' "this month" and "this year"."""
    now = datetime(2026, 11, 20, 12, 0)
    monkeypatch.setattr(lagesbild_context, "utcnow", lambda: now)
    return now


# --- Weeks and months ---------------------------------------------------------------------


def test_weeks_and_months_follow_iso_8601_in_stockholm_time(app, coordinator):
    for at in [
        datetime(2026, 3, 29, 21, 30),  # Sunday 23.30 summer time: week 13
        datetime(2026, 3, 29, 22, 30),  # Monday 00.30 (summer time began that night): week 14
        datetime(2026, 5, 31, 21, 30),  # 31 May 23.30: May, week 22
        datetime(2026, 5, 31, 23, 30),  # 1 June 01.30 in Stockholm: June, week 23
        datetime(2026, 10, 25, 22, 30),  # Sunday 23.30 winter time (began that night): week 43
        datetime(2026, 10, 25, 23, 30),  # Monday 26 October 00.30: week 44
    ]:
        add(app, at=at)
    add(app, category="skadegorelse", at=datetime(2026, 3, 29, 22, 30))
    add(app, at=datetime(2026, 3, 30, 9), status=ReportStatus.DUPLICATE)  # not counted
    add(app, at=datetime(2026, 3, 30, 9), status=ReportStatus.REJECTED)  # not counted

    period = {"date_from": "2026-03-23", "date_to": "2026-11-01"}
    weeks = download(coordinator, "veckor", **period)
    header = weeks[0]
    assert len(header) == 1 + 32 + 1  # category, weeks 13 to 44 of 2026, total
    week = {number: header.index(h) for number in range(13, 45)
            for h in header if re.search(rf"\b{number}\b", h) and "2026" in h}
    klotter = by_name(weeks)["Klotter"]
    counts = {number: int(klotter[index - 1]) for number, index in week.items()}
    assert {n: c for n, c in counts.items() if c} == {13: 1, 14: 1, 22: 1, 23: 1, 43: 1, 44: 1}
    assert klotter[-1] == "6"
    totals = weeks[-1]
    assert totals[week[14]] == "2" and totals[-1] == "7"

    months = download(coordinator, "manader", **period)
    assert len(months[0]) == 1 + 9 + 1  # March (in part) to November (in part)
    assert by_name(months)["Klotter"] == ["2", "0", "1", "1", "0", "0", "0", "2", "0", "6"]


def test_week_53_and_week_1_across_the_new_year(app, coordinator):
    add(app, at=datetime(2025, 12, 28, 22, 30))  # Sunday 28 Dec 23.30: 2025 week 52
    add(app, at=datetime(2025, 12, 28, 23, 30))  # Monday 29 Dec 00.30: 2026 week 1
    add(app, at=datetime(2026, 12, 31, 12, 0))  # Thursday: 2026 week 53
    add(app, at=datetime(2027, 1, 3, 22, 30))  # Sunday 3 Jan 23.30: still 2026 week 53
    add(app, at=datetime(2027, 1, 3, 23, 30))  # Monday 4 Jan 00.30: 2027 week 1

    weeks = download(coordinator, "veckor", date_from="2025-12-22", date_to="2027-01-10")
    header, klotter = weeks[0], by_name(weeks)["Klotter"]
    found = {header[i + 1]: int(n) for i, n in enumerate(klotter[:-1]) if int(n)}
    assert len(found) == 4
    labels = list(found)
    assert re.search(r"\b52\b.*2025", labels[0]) and found[labels[0]] == 1
    assert re.search(r"\b1\b.*2026", labels[1]) and found[labels[1]] == 1
    assert re.search(r"\b53\b.*2026", labels[2]) and found[labels[2]] == 2
    assert re.search(r"\b1\b.*2027", labels[3]) and found[labels[3]] == 1
    assert len(header) == 1 + 55 + 1  # week 52 of 2025, 53 weeks of 2026, week 1 of 2027


# --- Period against period ----------------------------------------------------------------


def test_period_against_period_across_a_year_end(app, coordinator):
    """1 December 2025 – 28 February 2026 against 1 December 2024 – 28 February 2025."""
    for at in [datetime(2024, 12, 5, 10), datetime(2025, 2, 27, 22, 59)]:  # 27 Feb 23.59
        add(app, at=at)
    add(app, at=datetime(2024, 11, 30, 22, 59))  # 30 Nov 2024 23.59: before both periods
    for at in [datetime(2025, 11, 30, 23, 0),  # 1 Dec 2025 00.00 in Stockholm: inside
               datetime(2026, 1, 15, 12), datetime(2026, 2, 28, 22, 59)]:  # 28 Feb 23.59: inside
        add(app, at=at)
    add(app, at=datetime(2026, 2, 28, 23, 0))  # 1 March 00.00: outside
    for _ in range(2):
        add(app, category="skadegorelse", at=datetime(2026, 1, 2, 12))
    for _ in range(4):
        add(app, category="trasig-belysning", at=datetime(2025, 1, 2, 12))
    add(app, at=datetime(2026, 1, 2, 12), status=ReportStatus.DUPLICATE)

    rows = download(coordinator, "jamforelse", date_from="2025-12-01", date_to="2026-02-28")
    table = by_name(rows)
    assert table["Klotter"] == ["2", "3", "1", "50"]
    assert table["Skadegörelse"][:3] == ["0", "2", "2"] and table["Skadegörelse"][3] in ("new", "ny")
    assert table["Trasig belysning"] == ["4", "0", "-4", "-100"]
    assert table["Nedskräpning"] == ["0", "0", "0", ""]  # no change in per cent from nothing
    assert rows[-1][1:] == ["6", "5", "-1", "-17"]
    assert "1 december 2024" in rows[0][1] and "28 februari 2026" in rows[0][2]

    page = coordinator.get("/admin/lagesbild?date_from=2025-12-01&date_to=2026-02-28")
    html = page.get_data(as_text=True)
    shown = {row[0]: row[1:] for row in Tables(html).tables["jamforelse-caption"][1:]}
    assert shown["Klotter"] == ["2", "3", "+1", "+50 %"]
    assert shown["Trasig belysning"] == ["4", "0", "\u22124", "\u2212100 %"]
    assert shown["Nedskräpning"] == ["0", "0", "±0", "–"]
    assert '<svg' in html and 'role="img"' in html and 'aria-labelledby="chart-jamforelse-title chart-jamforelse-desc"' in html


def test_default_period_is_the_latest_summer(app, coordinator, frozen):
    add(app, at=datetime(2026, 7, 1, 12))
    add(app, at=datetime(2025, 7, 1, 12))
    page = coordinator.get("/admin/lagesbild")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="2026-06-01"' in html and 'value="2026-08-31"' in html
    shown = {row[0]: row[1:] for row in Tables(html).tables["jamforelse-caption"][1:]}
    assert shown["Klotter"][:2] == ["1", "1"]


@pytest.mark.parametrize("now, first, last", [
    (datetime(2026, 3, 10, 12), "2025-06-01", "2025-08-31"),  # before June: last year's summer
    (datetime(2026, 7, 15, 12), "2026-06-01", "2026-07-15"),  # while it runs: so far
    (datetime(2026, 8, 31, 22, 30), "2026-06-01", "2026-08-31"),  # 1 September 00.30 in Stockholm
])
def test_default_summer_depends_on_the_day(coordinator, monkeypatch, now, first, last):
    monkeypatch.setattr(lagesbild_context, "utcnow", lambda: now)
    html = coordinator.get("/admin/lagesbild").get_data(as_text=True)
    assert f'id="date_from" name="date_from" type="date" value="{first}"' in html
    assert f'id="date_to" name="date_to" type="date" value="{last}"' in html


# --- Areas and the map --------------------------------------------------------------------


def test_areas_and_map_cells_for_staff(app, coordinator):
    for _ in range(3):
        add(app, position=BJUV)
    add(app, position=BILLESHOLM)
    add(app, position=OUTSIDE_AREAS)
    add(app, position=None)
    add(app, position=BILLESHOLM, at=datetime(2025, 6, 10, 10))  # the year before

    period = {"date_from": "2026-06-01", "date_to": "2026-08-31"}
    areas = by_name(download(coordinator, "omraden", **period))
    assert areas["Bjuv"][:3] == ["0", "3", "3"] and areas["Bjuv"][3] in ("new", "ny")
    assert areas["Billesholm"] == ["1", "1", "0", "0"]
    assert areas["Ekeby"] == ["0", "0", "0", ""]
    assert [row[1] for name, row in areas.items() if name not in
            ("Bjuv", "Billesholm", "Ekeby", "Skromberga", "Gunnarstorp", "Mörarp")] == ["1", "1"]

    cells = download(coordinator, "karta", **period)[1:]
    assert [(row[0], row[2]) for row in cells] == [("Bjuv", "3"), ("Billesholm", "1"), (cells[2][0], "1")]
    # The centre of a 500 m cell, never a report's own position.
    assert all(row[1] != f"{BJUV[0]:.4f}, {BJUV[1]:.4f}" for row in cells)

    only_bjuv = by_name(download(coordinator, "jamforelse", area="bjuv", **period))
    assert only_bjuv["Klotter"][:2] == ["0", "3"]
    without = by_name(download(coordinator, "jamforelse", area="utan-kartpunkt", **period))
    assert without["Klotter"][:2] == ["0", "1"]


def test_bad_area_settings_stop_the_app(make_app):
    with pytest.raises(ValueError, match="AREAS entry 1"):
        make_app(AREAS=[{"slug": "bjuv", "name": "Bjuv", "bounds": [56.1, 12.9, 56.0, 13.0]}])
    with pytest.raises(ValueError, match="south < north"):
        parse_areas([{"slug": "x", "name": "X", "bounds": [51, 10, 50, 11]}], [55, 12, 57, 14])
    with pytest.raises(ValueError, match="used twice"):
        parse_areas([{"slug": "ovrigt", "name": "X", "bounds": [56, 13, 56.1, 13.1]}], [55, 12, 57, 14])
    with pytest.raises(ValueError, match="bounds"):
        parse_areas([{"slug": "x", "name": "X"}], [55, 12, 57, 14])


# --- Handling -----------------------------------------------------------------------------


def test_handling_percentiles_and_share_within_the_service_level(app, coordinator, frozen):
    """Klotter has a service level of 48 hours. Times are whole seconds: fractions of a
    second are dropped from each timestamp, the same way on both databases."""
    start = datetime(2026, 6, 10, 10, 0, 0, 500_000)
    hours = lambda h: start + timedelta(hours=h) - timedelta(microseconds=100_000)  # noqa: E731
    add(app, at=start, responded=hours(1), closed=hours(24), status=ReportStatus.FIXED)
    add(app, at=start, responded=hours(2), closed=hours(50), status=ReportStatus.FIXED)
    add(app, at=start, responded=hours(3), closed=hours(30), status=ReportStatus.FIXED)
    add(app, at=start, responded=hours(10), status=ReportStatus.IN_PROGRESS)  # open, past 48 h
    add(app, at=start, closed=hours(5), status=ReportStatus.NOT_RESPONSIBLE)  # closed in time
    add(app, at=start, responded=hours(0.1), closed=hours(0.2), status=ReportStatus.DUPLICATE)
    add(app, category="annat", at=start, responded=hours(4))  # no department, no level

    period = {"date_from": "2026-06-01", "date_to": "2026-08-31"}
    rows = download(coordinator, "handlaggning-kategorier", **period)
    klotter = by_name(rows)["Klotter"]
    # level, reports, responded, median, p90 to response, fixed, median, p90 to fixed, share
    assert klotter == ["48", "5", "4", "2,5", "7,9", "3", "30,0", "46,0", "60"]
    assert by_name(rows)["Annat"] == ["", "1", "1", "4,0", "4,0", "0", "", "", ""]

    departments = by_name(download(coordinator, "handlaggning-forvaltningar", **period))
    assert departments["Samhällsbyggnad"] == ["5", "4", "2,5", "7,9", "3", "30,0", "46,0", "60"]
    assert len(departments) == 2
    assert list(departments.values())[1] == ["1", "1", "4,0", "4,0", "0", "", "", ""]  # no department

    html = coordinator.get("/admin/lagesbild", query_string=period).get_data(as_text=True)
    shown = {row[0]: row[1:] for row in Tables(html).tables["handlaggning-kategorier-caption"][1:]}
    assert shown["Klotter"] == ["48", "5", "4", "2,5", "7,9", "3", "30,0", "46,0", "60 %"]


def test_open_reports_are_past_the_level_only_after_whole_seconds_beyond_it(app, coordinator, frozen):
    """Now is 20 November 12.00; klotter's level is 48 hours, so an open report counts as
    past it when received before 18 November 12.00 in whole seconds (fractions dropped)."""
    level_ago = frozen - timedelta(hours=48)
    add(app, at=level_ago)  # exactly 48 hours: not past
    add(app, at=level_ago + timedelta(microseconds=900_000))  # the same whole second: not past
    add(app, at=level_ago - timedelta(microseconds=100_000))  # a second earlier: past
    add(app, at=level_ago - timedelta(days=3))  # past
    add(app, at=level_ago + timedelta(hours=1))  # not yet
    add(app, at=level_ago - timedelta(days=3), closed=level_ago, status=ReportStatus.FIXED)  # closed late
    add(app, at=level_ago - timedelta(days=3), closed=level_ago - timedelta(days=2),
        status=ReportStatus.FIXED)  # closed in time
    klotter = by_name(download(coordinator, "handlaggning-kategorier",
                               date_from="2026-11-01", date_to="2026-11-20"))["Klotter"]
    # Seven reports; decided: the two closed and the two open past the level; one within it.
    assert klotter[1] == "7" and klotter[-1] == "25"
    html = coordinator.get("/admin/lagesbild?date_from=2026-11-01&date_to=2026-11-20").get_data(as_text=True)
    shown = {row[0]: row[1:] for row in Tables(html).tables["handlaggning-kategorier-caption"][1:]}
    assert shown["Klotter"][1] == "7" and shown["Klotter"][-1] == "25 %"


# --- CSV, access and bad input ------------------------------------------------------------


def test_csv_files_are_for_excel_and_follow_the_filter(app, coordinator, categories):
    add(app, category="klotter")
    add(app, category="skadegorelse")
    response = coordinator.get("/admin/lagesbild/jamforelse.csv?date_from=2026-06-01&date_to=2026-08-31"
                               f"&category={categories['skadegorelse']}")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="lagesbild-jamforelse-2026-06-01-2026-08-31.csv"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[1:-1]] == ["Skadegörelse"]
    assert coordinator.get("/admin/lagesbild/okand.csv").status_code == 404
    bad = coordinator.get("/admin/lagesbild/veckor.csv?date_from=2026-02-30&_external=1&_scheme=javascript")
    assert bad.status_code == 302 and bad.headers["Location"] == "/admin/lagesbild?date_from=2026-02-30"
    odd = coordinator.get("/admin/lagesbild?table=x&_anchor=y&date_from=2026-06-01&date_to=2026-08-31")
    assert odd.status_code == 200
    assert 'href="/admin/lagesbild/veckor.csv?date_from=2026-06-01&amp;date_to=2026-08-31"' in odd.get_data(as_text=True)


def test_a_formula_in_a_category_name_stays_text_in_the_csv(app, coordinator):
    with app.app_context():
        db.session.scalar(db.select(Category).where(Category.slug == "annat")).name = "=HYPERLINK(1)"
        db.session.commit()
    add(app, category="annat")
    rows = download(coordinator, "jamforelse", date_from="2026-06-01", date_to="2026-08-31")
    assert "'=HYPERLINK(1)" in [row[0] for row in rows]


def test_markup_in_a_category_name_is_shown_as_text_in_every_table(app, coordinator, client, frozen):
    """The tables' numbers go out unescaped (thousands of cells); names never do."""
    with app.app_context():
        db.session.scalar(db.select(Category).where(Category.slug == "annat")).name = "<b>Fet</b> & <i>kursiv</i>"
        db.session.commit()
    add(app, category="annat")
    for page in (coordinator.get("/admin/lagesbild?date_from=2026-06-01&date_to=2026-08-31"), client.get("/lagesbild")):
        html = page.get_data(as_text=True)
        assert "<b>Fet</b>" not in html and "&lt;b&gt;Fet&lt;/b&gt; &amp; &lt;i&gt;kursiv&lt;/i&gt;" in html


def test_who_may_see_the_staff_page(client, staff_client):
    assert client.get("/admin/lagesbild").headers["Location"].startswith("/admin/logga-in")
    assert client.get("/admin/lagesbild/veckor.csv").headers["Location"].startswith("/admin/logga-in")
    assert staff_client("editor").get("/admin/lagesbild").status_code == 403
    handler = staff_client("handler", ["skola"])
    assert handler.get("/admin/lagesbild").status_code == 200
    assert handler.get("/admin/lagesbild/veckor.csv").status_code == 200


@pytest.mark.parametrize("args, field", [
    ({"date_from": "2026-02-30"}, "date_from"),
    ({"date_from": "30/6 2026"}, "date_from"),
    ({"date_from": "2026-08-01", "date_to": "2026-06-01"}, "date_to"),
    ({"date_from": "2020-01-01", "date_to": "2026-01-01"}, "date_to"),
    ({"date_from": "1066-10-14", "date_to": "2026-01-01"}, "date_from"),
    ({"date_to": ""}, "date_to"),
    ({"category": "999999"}, "category"),
    ({"category": "klotter'--"}, "category"),
    ({"area": "<script>alert(1)</script>"}, "area"),
    ({"area": "x" * 5000}, "area"),
])
def test_a_bad_filter_gets_a_message_next_to_the_field(coordinator, args, field):
    response = coordinator.get("/admin/lagesbild", query_string=args)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert f'href="#{field}"' in html  # the error summary links to it
    assert "<svg" not in html  # no figures for a filter that could not be read
    assert "<script>alert(1)" not in html
    for name, value in args.items():
        if name.startswith("date") and value:
            assert f'value="{value}"' in html  # what was typed is kept


# --- The public page ----------------------------------------------------------------------


def test_public_page_key_figures_and_summer(app, client, frozen):
    add(app, at=datetime(2026, 11, 3, 8), closed=datetime(2026, 11, 4, 8), status=ReportStatus.FIXED)
    add(app, at=datetime(2026, 10, 31, 23, 30))  # 1 November 00.30 in Stockholm
    add(app, at=datetime(2026, 3, 1, 8), closed=datetime(2026, 3, 3, 8), status=ReportStatus.FIXED)
    add(app, at=datetime(2025, 12, 20, 8), closed=datetime(2026, 1, 2, 8), status=ReportStatus.FIXED)
    add(app, at=datetime(2026, 7, 1, 8), status=ReportStatus.REJECTED)
    for _ in range(3):
        add(app, category="skadegorelse", at=datetime(2025, 7, 1, 8))
    add(app, category="skadegorelse", at=datetime(2026, 7, 1, 8))

    response = client.get("/lagesbild")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    figures = re.findall(r'<span class="stat-number">([^<]*)</span>', html)
    # received this month, fixed this month, received this year, fixed this year, median hours
    assert figures == ["2", "1", "4", "3", "48,0"]
    summer = {row[0]: row[1:] for row in Tables(html).tables["sommar-caption"][1:]}
    assert summer["Skadegörelse"] == ["3", "1", "\u22122", "\u221267 %"]
    assert "1 juni–31 augusti 2026" in html


def test_public_page_hides_small_counts_and_personal_data(app, client, frozen):
    secret = Contact("Karin Hemlig", "karin.hemlig@example.se", "070-999 88 77", True)
    centres = {a["slug"]: ((a["bounds"][0] + a["bounds"][2]) / 2, (a["bounds"][1] + a["bounds"][3]) / 2)
               for a in app.config["AREAS"]}
    counts = {"bjuv": 4, "billesholm": 1, "ekeby": 3, "skromberga": 5, "gunnarstorp": 6, "morarp": 7}
    for slug, count in counts.items():
        for _ in range(count):
            add(app, position=centres[slug], at=datetime(2026, 5, 5, 10))
    for _ in range(8):
        add(app, position=OUTSIDE_AREAS, at=datetime(2026, 5, 5, 10))
    for _ in range(9):
        add(app, position=None, at=datetime(2026, 5, 5, 10))
    add(app, position=BILLESHOLM, at=datetime(2026, 5, 5, 10), contact=secret,
        description="Jag såg grannen Per Persson klottra.")  # Billesholm's second report

    html = client.get("/lagesbild").get_data(as_text=True)
    tables = Tables(html).tables
    areas = [row[1] for row in tables["omraden-caption"][1:]]
    # Bjuv, Billesholm (2: hidden), Ekeby (3, hidden too: the smallest of the rest, so that
    # Billesholm's count cannot be worked out from the year's total), and the others.
    assert [value if value.isdigit() else None for value in areas] == ["4", None, None, "5", "6", "7", "8", "9"]
    cells = [int(row[-1]) for row in tables["karta-caption"][1:]]
    assert cells and all(n >= 3 for n in cells)
    assert sum(cells) < 4 + 2 + 3 + 5 + 6 + 7 + 8  # Billesholm's cell (2) is left out
    for text in (secret.name, secret.email, secret.phone, "Per Persson", "Storgatan",
                 f"{BILLESHOLM[0]:.4f}", f"{BJUV[0]:.4f}, {BJUV[1]:.4f}"):
        assert text not in html


def test_public_page_links(client):
    assert 'href="/lagesbild"' in client.get("/").get_data(as_text=True)


# --- The cache ----------------------------------------------------------------------------


def klotter_now(client, period="date_from=2026-06-01&date_to=2026-08-31"):
    html = client.get(f"/admin/lagesbild?{period}").get_data(as_text=True)
    return {row[0]: row[1:] for row in Tables(html).tables["jamforelse-caption"][1:]}["Klotter"][1]


def test_a_change_shows_at_once_in_every_worker(app, make_app, make_user, coordinator):
    """Two app instances stand in for two gunicorn workers, each with its own memory cache:
    a report added, or its status changed, shows in both at once."""
    from tests.conftest import log_in

    report_id = add(app)
    other = make_app().test_client()
    log_in(other, "coordinator-all@bjuv.example")
    assert klotter_now(coordinator) == klotter_now(other) == "1"
    add(app)
    assert klotter_now(coordinator) == klotter_now(other) == "2"
    with app.app_context():
        version = db.session.get(Report, report_id).version
    assert other.post(f"/admin/rapporter/{report_id}/status",
                      data={"status-version": version, "status-status": "rejected"}).status_code == 303
    assert klotter_now(coordinator) == klotter_now(other) == "1"


def test_the_cache_can_be_shared_through_redis(app, make_app, redis_url):
    import redis

    prefix = f"test-lagesbild-{secrets.token_hex(4)}"
    shared = dict(LAGESBILD_CACHE_URI=redis_url, LAGESBILD_CACHE_PREFIX=prefix)
    workers = [make_app(**shared).test_client() for _ in range(2)]
    add(app, at=datetime(2026, 7, 1, 8), closed=datetime(2026, 7, 2, 8), status=ReportStatus.FIXED)
    first = workers[0].get("/lagesbild").get_data(as_text=True)
    client = redis.Redis.from_url(redis_url)
    keys = client.keys(f"{prefix}:*")
    assert keys  # the first worker stored its figures …
    assert workers[1].get("/lagesbild").get_data(as_text=True) == first  # … the second used them
    client.delete(*keys)
    client.close()


def test_without_redis_the_figures_are_computed(app, make_app):
    broken = make_app(LAGESBILD_CACHE_URI="redis://127.0.0.1:1").test_client()
    add(app, at=datetime(2026, 7, 1, 8))
    assert broken.get("/lagesbild").status_code == 200
