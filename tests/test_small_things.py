"""Small things a new user meets (issue 11, section 4): the port in links, Swedish plurals,
a walk's cancel page after it has started, a walk's area chosen from the configured areas."""
import re
from datetime import date, timedelta

import pytest

from portal import create_app
from portal.areas import walk_area_case
from portal.extensions import db
from portal.reports.models import Category
from portal.walks.models import WalkSlot
from tests.content import make_news
from tests.walk_helpers import make_slot, move_slot, sign_up, token_of


@pytest.fixture
def app_from_environment(app_config):
    """Build an app whose PUBLIC_BASE_URL comes from the environment, not the tests' config."""
    made = []

    def make():
        made.append(create_app({k: v for k, v in app_config.items() if k != "PUBLIC_BASE_URL"}))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture
def editor_id(make_user):
    return make_user("editor", email="redaktor@bjuv.example", name="Rut Redaktör")


def test_links_in_feeds_use_the_port_make_run_serves_on(monkeypatch, app_from_environment, editor_id):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.delenv("PORTAL_PUBLIC_BASE_URL", raising=False)
    app = app_from_environment()
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:8080"
    make_news(app, editor_id, title="Ljusare gångväg")
    feed = app.test_client().get("/nyheter/rss.xml").get_data(as_text=True)
    assert "http://127.0.0.1:8080/nyheter/" in feed
    assert "127.0.0.1:5000" not in feed


def test_public_base_url_wins_over_the_port(monkeypatch, app_from_environment):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("PORTAL_PUBLIC_BASE_URL", "https://trygghet.bjuv.se")
    assert app_from_environment().config["PUBLIC_BASE_URL"] == "https://trygghet.bjuv.se"
    monkeypatch.delenv("PORTAL_PUBLIC_BASE_URL")
    monkeypatch.delenv("PORT")
    assert app_from_environment().config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_one_exported_report_is_one_anmalan_in_the_audit_log(app, make_report, staff_client):
    make_report()
    client = staff_client("coordinator")
    today = date.today().isoformat()
    response = client.post("/admin/export", data={"date_from": today, "date_to": today, "reason": ""})
    assert response.status_code == 200
    log = client.get("/admin/logg").get_data(as_text=True)
    assert "Exporterade 1 anmälan som kom in" in log
    assert "1 anmälningar" not in log


def test_a_service_level_of_one_hour_is_one_timme(app, client):
    with app.app_context():
        category = db.session.scalar(db.select(Category).where(Category.slug == "klotter"))
        category.service_level_hours = 1
        db.session.commit()
    html = client.get("/rapportera").get_data(as_text=True)
    assert "inom 1 timme." in html and "1 timmar" not in html


def test_cancelling_after_the_walk_started_says_so_once_without_an_empty_link(app, client):
    slot_id = make_slot(app)
    token = token_of(sign_up(client, slot_id))
    move_slot(app, slot_id, -timedelta(minutes=30))
    response = client.post(f"/promenader/avboka/{token}")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("Fel: Avboka din plats") and "Fel: Fel:" not in title
    assert 'href="#"' not in html
    assert "error-summary" in html


def test_a_walks_area_is_chosen_from_the_configured_areas(app, staff_client):
    html = staff_client("coordinator").get("/admin/promenader/ny").get_data(as_text=True)
    select = re.search(r'<select[^>]*id="area".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert options == ["Välj ett område", "Bjuv", "Billesholm", "Ekeby", "Skromberga", "Gunnarstorp", "Mörarp"]


def test_a_walks_earlier_free_text_area_still_shows_and_can_be_kept(app, staff_client):
    slot_id = make_slot(app, days=5, area="Centrum och stationen")
    coordinator = staff_client("coordinator")
    html = coordinator.get(f"/admin/promenader/{slot_id}/andra").get_data(as_text=True)
    assert re.search(r'<option selected value="Centrum och stationen">Centrum och stationen '
                     r'\(som det skrevs tidigare\)</option>', html)
    assert "Centrum och stationen" in coordinator.get(f"/admin/promenader/{slot_id}").get_data(as_text=True)


def test_the_lagesbild_places_a_walk_without_a_position_in_its_chosen_area(app):
    with_position = make_slot(app, days=5, area="Bjuv", position=(56.057, 12.99))  # in Billesholm's box
    chosen = make_slot(app, days=6, area="Ekeby", position=None)
    old_text = make_slot(app, days=7, area="Centrum och stationen", position=None)
    with app.app_context():
        area = walk_area_case(WalkSlot.meeting_lat, WalkSlot.meeting_lon, WalkSlot.area)
        found = dict(db.session.execute(db.select(WalkSlot.id, area)).all())
    assert found == {with_position: "billesholm", chosen: "ekeby", old_text: "utan-kartpunkt"}
