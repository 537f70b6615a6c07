"""The front page, the pages the law requires, configuration, headers, health and schema."""
from datetime import date, datetime

from portal import create_app
from portal.extensions import db


def test_front_page_has_the_three_ways_in_and_the_emergency_numbers(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/rapportera"' in html and 'href="/promenader"' in html and 'href="/nyheter"' in html
    assert "<strong>112</strong>" in html and "<strong>114 14</strong>" in html
    assert "Bjuvs kommun" in html and "042-458 50 00" in html


def test_accessibility_statement_has_what_digg_requires(client):
    html = client.get("/tillganglighet").get_data(as_text=True)
    for required in ("Bjuvs kommun", "Trygghetsportalen", "delvis förenlig", "https://www.digg.se/tdosanmalan",
                     "kommunen@bjuv.se", "25 november 2026", "axe-core", "WCAG 2.1"):
        assert required in html, required


def test_privacy_notice_covers_gdpr_article_13_and_the_bbs_act(client):
    html = client.get("/integritet").get_data(as_text=True)
    for required in ("personuppgiftsansvarig", "6.1 e", "2023:196", "Integritetsskyddsmyndigheten",
                     "https://www.imy.se", "1998:112", "24 månader", "dataskyddsombud"):
        assert required in html, required


def test_settings_come_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("PORTAL_MUNICIPALITY_NAME", "Exempelby kommun")
    monkeypatch.setenv("PORTAL_MAP_BOUNDS", "[55.0, 12.0, 56.0, 13.0]")
    app = make_app()
    assert app.config["MAP_BOUNDS"] == [55.0, 12.0, 56.0, 13.0]
    assert "Exempelby kommun" in app.test_client().get("/").get_data(as_text=True)


def test_instance_config_file_is_read(monkeypatch, tmp_path, database_url):
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nMUNICIPALITY_NAME = 'Instansby kommun'\n"
    )
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["MUNICIPALITY_NAME"] == "Instansby kommun"
    assert app.config["UPLOAD_FOLDER"] == str(tmp_path / "uploads")


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    import pytest

    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_security_headers_and_cookie_flags(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True)
    response = app.test_client().get("/rapportera")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "https://tile.openstreetmap.org" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_healthz_answers_when_the_database_does(client, make_app):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    broken = make_app(SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent-dir/x.sqlite3").test_client()
    assert broken.get("/healthz").status_code == 503


def test_unknown_page_is_a_swedish_404(client):
    response = client.get("/finns-inte")
    assert response.status_code == 404
    assert "Sidan kunde inte hittas" in response.get_data(as_text=True)


def test_dates_and_times_are_swedish_in_stockholm_time(app):
    from portal.common.dates import clock, date_and_time, long_date, short_date

    with app.test_request_context():
        summer = datetime(2026, 6, 26, 17, 0)  # naive UTC, 19.00 in Stockholm (CEST)
        winter = datetime(2026, 1, 5, 23, 30)  # 00.30 the next day (CET)
        assert long_date(summer) == "26 juni 2026"
        assert short_date(summer) == "2026-06-26"
        assert clock(summer) == "kl. 19.00"
        assert date_and_time(winter) == "6 januari 2026 kl. 00.30"
        assert long_date(date(2026, 11, 25)) == "25 november 2026"


def test_swedish_dates_match_what_babel_writes_across_the_clock_changes(app):
    """The Swedish dates are written without Babel's patterns (portal/common/dates.py, for
    speed): two years every 7 h 13 min, and every ten minutes around the four changes of
    clock (01.00 UTC), naive and aware."""
    from datetime import UTC, timedelta

    from flask_babel import format_date, format_datetime

    from portal.common import dates

    sweep = [datetime(2025, 1, 1) + timedelta(minutes=433 * step) for step in range(2430)]
    changes = [datetime(2025, 3, 30, 1), datetime(2025, 10, 26, 1), datetime(2026, 3, 29, 1),
               datetime(2026, 10, 25, 1)]
    around = [change + timedelta(minutes=10 * step) for change in changes for step in range(-18, 19)]
    with app.test_request_context():
        for moment in sweep + around:
            for value in (moment, moment.replace(tzinfo=UTC)):
                assert dates.date_and_time(value) == format_datetime(value, "d MMMM y 'kl.' HH.mm")
                assert dates.weekday_date(value) == format_datetime(value, "EEEE d MMMM y")
                assert dates.short_date(value) == format_datetime(value, "yyyy-MM-dd")
                assert dates.time_span(value, value + timedelta(hours=3)) == (
                    format_datetime(value, "'kl.' HH.mm") + format_datetime(value + timedelta(hours=3), "–HH.mm"))
            assert dates.long_date(moment.date()) == format_date(moment.date(), "d MMMM y")


def test_migrations_match_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def declared(obj, name, type_, reflected, compare_to):
        # Full-text search objects are database-specific (PostgreSQL's GIN expression index,
        # SQLite's FTS5 table and its shadow tables): the migration names them fts_… and the
        # models cannot declare them, so they are left out of the comparison.
        return not (name or "").startswith("fts_")

    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": declared})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
