""""Me too" on a published report: counted once per person, no personal data kept,
rate-limited, shown on the report page and sortable in the desk queue."""
from portal.extensions import db
from portal.metoo.models import MeToo
from portal.timeutil import to_local, utcnow


def vote(client, report_id):
    return client.post(f"/rapporter/{report_id}/jag-ocksa")


def test_me_too_counts_once_per_person_and_shows_on_the_report_page(app, client, make_report):
    report_id, _ = make_report(publish=True, title="Mörk passage")
    page = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "0 personer har sagt" in page and "Jag har också sett det här" in page

    first = vote(client, report_id)
    assert first.status_code == 303 and first.location.endswith(f"/rapporter/{report_id}#jag-ocksa")
    assert "Tack! Vi har räknat" in client.get(first.location).get_data(as_text=True)
    again = vote(client, report_id)
    assert "Du har redan sagt det" in client.get(again.location).get_data(as_text=True)
    assert "1 person har sagt" in client.get(f"/rapporter/{report_id}").get_data(as_text=True)

    # A visitor who clears the cookie, from the same address the same day, is not counted again.
    other = app.test_client()
    vote(other, report_id)
    with app.app_context():
        rows = db.session.scalars(db.select(MeToo)).all()
        assert len(rows) == 1
        # No address, no cookie value: only a keyed hash.
        assert "127.0.0.1" not in rows[0].voter and len(rows[0].voter) == 64
        assert client.get_cookie("jag_ocksa").value not in rows[0].voter

    # Another person (another address) counts.
    elsewhere = app.test_client()
    elsewhere.post(f"/rapporter/{report_id}/jag-ocksa", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert "2 personer har sagt" in client.get(f"/rapporter/{report_id}").get_data(as_text=True)


def test_me_too_only_on_published_reports_and_with_a_csrf_token(make_app, make_report, client):
    hidden_id, _ = make_report(publish=False)
    assert vote(client, hidden_id).status_code == 404
    assert vote(client, 2**31 - 1).status_code == 404
    public_id, _ = make_report(publish=True)
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    assert csrf_app.test_client().post(f"/rapporter/{public_id}/jag-ocksa").status_code == 400


def test_me_too_is_rate_limited_per_address(app, make_report):
    app.config["METOO_RATE_LIMIT"] = "2 per hour"
    ids = [make_report(publish=True, title=f"Plats {n}")[0] for n in range(3)]
    client = app.test_client()
    assert [vote(client, report_id).status_code for report_id in ids] == [303, 303, 429]


def test_the_queue_shows_and_sorts_by_me_too(app, make_report, coordinator):
    quiet_id, _ = make_report(publish=True, title="Tyst")
    loud_id, _ = make_report(publish=True, title="Många håller med")
    newest_id, _ = make_report(publish=True, title="Nyast")
    for n in range(3):
        app.test_client().post(f"/rapporter/{loud_id}/jag-ocksa", environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"})
    html = coordinator.get("/admin/rapporter?sort=jag-ocksa").get_data(as_text=True)
    assert "Jag också" in html and "Flest" in html
    order = [html.index(f'href="/admin/rapporter/{i}"') for i in (loud_id, newest_id, quiet_id)]
    assert order == sorted(order)
    assert "<td>3</td>" in html
    newest_first = coordinator.get("/admin/rapporter").get_data(as_text=True)
    assert newest_first.index(f'/admin/rapporter/{newest_id}"') < newest_first.index(f'/admin/rapporter/{loud_id}"')
    assert coordinator.get("/admin/rapporter?sort=bogus").status_code == 200


def test_the_lagesbild_counts_me_too_on_unsafe_places_per_area(app, make_report, coordinator, client):
    dark_id, _ = make_report(category="otrygg-plats", publish=True, title="Mörk tunnel", position=(56.0840, 12.9190))
    graffiti_id, _ = make_report(publish=True, title="Klotter", position=(56.0840, 12.9190))
    for n in range(4):
        for report_id in (dark_id, graffiti_id):
            app.test_client().post(f"/rapporter/{report_id}/jag-ocksa", environ_base={"REMOTE_ADDR": f"10.1.0.{n + 1}"})
    today = to_local(utcnow()).date().isoformat()
    period = f"?date_from={today[:4]}-01-01&date_to={today}"
    html = coordinator.get(f"/admin/lagesbild{period}").get_data(as_text=True)
    assert "”Jag också” på otrygga platser per område" in html
    csv = coordinator.get(f"/admin/lagesbild/jag-ocksa.csv{period}").get_data(as_text=True)
    assert "Bjuv;4" in csv  # the klotter report's votes are not counted
    public = client.get("/lagesbild").get_data(as_text=True)
    assert "”Jag också” på otrygga platser per område i år" in public
