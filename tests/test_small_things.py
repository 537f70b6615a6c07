"""Small things a new user meets (issue 11, section 4): the port in links, Swedish plurals,
a walk's cancel page after it has started, a walk's area chosen from the configured areas."""
import pytest

from portal import create_app
from portal.extensions import db

from tests.content import make_news


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
