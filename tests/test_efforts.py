"""Efforts (insatser): the coordinator's form, the effort view's before/during/after figures
against a year earlier in target and other areas, the difference-in-differences, CSV, and
the public summary as a news item."""
import re
from datetime import datetime

from portal.efforts.models import Effort, MeasureKind
from portal.extensions import db
from portal.news.models import NewsItem
from tests.test_lagesbild import BILLESHOLM, BJUV, Tables, add, frozen  # noqa: F401

FORM = {"name": "Sommarinsats 2026", "first_day": "2026-06-01", "last_day": "2026-06-30",
        "areas": ["bjuv"], "walks": "12", "guard_hours": "240", "lighting": "", "field_workers": "2",
        "budget": "150000", "description": "Väktare och promenader."}


def create(client, **changes):
    return client.post("/admin/insatser/ny", data={**FORM, **changes})


def june_reports(app):
    """Bjuv halves (4 → 2), Billesholm stays (5 → 5): the difference is −50 points."""
    for _ in range(4):
        add(app, at=datetime(2025, 6, 10, 10), position=BJUV)
    for _ in range(2):
        add(app, at=datetime(2026, 6, 10, 10), position=BJUV)
    for year in (2025, 2026):
        for _ in range(5):
            add(app, at=datetime(year, 6, 12, 10), position=BILLESHOLM)
    add(app, at=datetime(2026, 5, 10, 10), position=BJUV)  # before
    for _ in range(3):
        add(app, at=datetime(2026, 7, 10, 10), position=BJUV)  # after
    add(app, at=datetime(2026, 6, 10, 10), position=None)  # in neither group


def test_a_coordinator_creates_an_effort(app, coordinator):
    response = create(coordinator)
    assert response.status_code == 303
    with app.app_context():
        effort = db.session.scalar(db.select(Effort))
        assert (effort.name, effort.areas, effort.budget) == ("Sommarinsats 2026", ["bjuv"], 150000)
        assert {m.kind: m.planned for m in effort.measures} == {
            MeasureKind.WALKS: 12, MeasureKind.GUARD_HOURS: 240, MeasureKind.FIELD_WORKERS: 2}
    page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sommarinsats 2026" in page and "Insatsen Sommarinsats 2026 är sparad." in page
    log = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "Skapade insatsen Sommarinsats 2026." in log


def test_bad_input_is_refused_at_the_field_and_kept(app, coordinator):
    response = create(coordinator, areas=[], last_day="2026-05-01", walks="många", name="Sommar =1+1")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Välj minst ett insatsområde." in page
    assert "Skriv ett heltal, till exempel 40." in page
    assert 'value="Sommar =1+1"' in page
    response = create(coordinator, areas=["bjuv", "billesholm", "ekeby", "skromberga", "gunnarstorp", "morarp"])
    assert "Lämna minst ett område utanför" in response.get_data(as_text=True)
    response = create(coordinator, last_day="2026-05-01")
    assert response.status_code == 422
    assert "Den sista dagen måste vara samma dag som eller efter den första dagen." in response.get_data(as_text=True)
    response = create(coordinator, areas=["finns-inte"])
    assert "Välj områden i listan." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Effort.id))) == 0


def test_the_effort_view_compares_phases_areas_and_years(app, coordinator, frozen):
    june_reports(app)
    location = create(coordinator).headers["Location"]
    page = coordinator.get(location).get_data(as_text=True)
    tables = Tables(page).tables
    phases = {row[0]: row[1:] for row in tables["insats-faser-caption"][1:]}
    assert phases["Före"][1:] == ["0", "1", "–", "0", "0", "–"]
    assert phases["Under"][1:] == ["4", "2", "−50 %", "5", "5", "±0 %"]
    assert phases["Efter"][1:] == ["0", "3", "–", "0", "0", "–"]
    assert "−50 procentenheter" in page
    assert "hade omkring 4 anmälningar väntats där; det kom 2." in page
    assert "inte varför" in page  # the caveats
    assert 'id="chart-insats-faser"' in page and 'id="chart-insats-veckor"' in page
    measures = {row[0]: row[1:] for row in tables["insats-atgarder-caption"][1:]}
    assert measures["Väktartimmar"] == ["240", "timmar"]
    assert measures["Budget"] == ["150 000", "kronor"]
    csv_text = coordinator.get(location + "/insats-faser.csv").get_data().decode("utf-8-sig")
    assert "Under;" in csv_text and ";4;2;-50;5;5;0" in csv_text


def test_a_handler_sees_the_view_but_cannot_create(app, coordinator, staff_client):
    location = create(coordinator).headers["Location"]
    handler = staff_client("handler", ["skola"])
    assert handler.get(location).status_code == 200
    assert handler.get("/admin/insatser/ny").status_code == 403
    assert "Ny insats" not in handler.get("/admin/insatser/").get_data(as_text=True)


def test_the_summary_of_a_finished_effort_is_published_once(app, coordinator, frozen):
    june_reports(app)
    location = create(coordinator).headers["Location"]
    response = coordinator.post(location + "/publicera")
    assert response.status_code == 303
    with app.app_context():
        item = db.session.scalar(db.select(NewsItem))
        assert item.title == "Sommarinsats 2026: resultatet"
        assert "Väktartimmar: 240 timmar" in item.body_html
        slug = item.slug
    public = coordinator.get(f"/nyheter/{slug}").get_data(as_text=True)
    assert "Under (1 juni–30 juni 2026): färre än 3 anmälningar i insatsområdena mot 4" in public
    assert "för små för att jämföras offentligt" in public and "det kom 2" not in public
    coordinator.post(location + "/publicera")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(NewsItem.id))) == 1


def test_a_running_effort_cannot_be_published(app, coordinator, frozen):
    location = create(coordinator, first_day="2026-11-01", last_day="2026-12-31").headers["Location"]
    page = coordinator.post(location + "/publicera", follow_redirects=True).get_data(as_text=True)
    assert "Insatsen har inte slutat än." in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(NewsItem.id))) == 0


def test_the_demo_summer_effort_shows_the_drop_in_its_target_areas(municipality):
    """The demo's reports fell in Bjuv and Billesholm while the summer effort ran."""
    client = municipality.login("coordinator")
    with municipality.app.app_context():
        effort = db.session.scalar(db.select(Effort).order_by(Effort.first_day))
    page = client.get(f"/admin/insatser/{effort.id}").get_data(as_text=True)
    phases = {row[0]: row[1:] for row in Tables(page).tables["insats-faser-caption"][1:]}
    assert set(phases) >= {"Före", "Under"}
    target_change = int(phases["Under"][3].replace("−", "-").rstrip(" %"))
    other_change = int(phases["Under"][6].replace("−", "-").replace("±", "").rstrip(" %"))
    assert target_change < other_change - 10
    assert "procentenheter" in page and "Bjuv, Billesholm" in page


def test_each_table_has_one_csv_link_and_it_works(app, coordinator):
    location = create(coordinator).headers["Location"]
    page = coordinator.get(location).get_data(as_text=True)
    links = re.findall(r'href="([^"]+\.csv[^"]*)"', page)
    assert links and all(link.startswith("/admin/insatser/") for link in links)
    for link in links:
        assert coordinator.get(link.replace("&amp;", "&")).status_code == 200
