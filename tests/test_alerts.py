"""Alerts by place and category, following a report: double opt-in, the digest job, one-click
unsubscribe (RFC 8058), the subscriber's page and the feeds per area and radius."""
import re
from datetime import timedelta

from portal.alerts import jobs
from portal.alerts.models import Alert, AlertRun, Subscriber
from portal.desk import services as desk
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import _to_email
from portal.reports.models import Report, ReportStatus
from portal.timeutil import utcnow

BJUV = (56.0840, 12.9190)
BILLESHOLM = (56.060, 12.995)


def outbox(app, to=None):
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if to:
            query = query.where(OutboxMessage.to_addr == to)
        return [(m.to_addr, m.subject, m.body_text, m.list_unsubscribe) for m in db.session.scalars(query)]


def link(body, path):
    return re.search(r"https?://[^/\s]+(" + path + r"[^\s]*)", body).group(1)


def subscribe(client, address, **fields):
    data = {"kind": "area", "area": "bjuv", "radius": "500", "category": "", "changes": "new",
            "frequency": "daily", "email": address, **fields}
    return client.post("/bevakning", data=data)


def confirm(app, client, email):
    body = [m for m in outbox(app, email) if "Bekräfta" in m[1]][-1][2]
    path = link(body, "/bevakning/bekrafta/")
    page = client.get(path)
    assert "Bekräfta bevakningen" in page.get_data(as_text=True)
    done = client.post(path)
    assert done.status_code == 303
    return client.get(done.location).get_data(as_text=True)


def run_job(app, frequency="daily", now=None):
    with app.app_context():
        return jobs.run(frequency, now=now)


def test_an_area_alert_is_confirmed_then_mailed_in_the_digest_with_one_click_unsubscribe(app, client, make_report):
    response = subscribe(client, "Ada@Example.se")
    assert response.status_code == 303
    assert "Titta i din e-post" in client.get(response.location).get_data(as_text=True)
    [(to, subject, body, header)] = outbox(app)
    assert to == "ada@example.se" and "Bjuv" in subject and header is None

    # Nothing is sent before the confirmation.
    make_report(publish=True, title="Klotter på skolan", position=BJUV)
    assert run_job(app) == (0, 0)
    page = confirm(app, client, "ada@example.se")
    assert "bevakningen är bekräftad" in page and "Bjuv" in page

    make_report(publish=True, title="Krossad ruta i Bjuv", position=BJUV)
    make_report(publish=True, title="Klotter i Billesholm", position=BILLESHOLM)
    make_report(publish=False, title="Opublicerad", position=BJUV)
    assert run_job(app, now=utcnow() + timedelta(seconds=1)) == (1, 1)
    digest = outbox(app)[-1]
    assert digest[0] == "ada@example.se"
    assert "Krossad ruta i Bjuv" in digest[2] and "Billesholm" not in digest[2]
    assert "Klotter på skolan" not in digest[2]  # published before the confirmation
    unsubscribe = link(digest[2], "/bevakning/avsluta/")
    assert digest[3].endswith(unsubscribe)

    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        mail = _to_email(message, "portal@example.se")
        assert mail["List-Unsubscribe"] == f"<{message.list_unsubscribe}>"
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A second run in the same window sends nothing again.
    assert run_job(app, now=utcnow() + timedelta(seconds=2)) == (0, 0)

    # The mail client's one-click POST: no CSRF token, no cookie, idempotent.
    fresh = app.test_client()
    assert fresh.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert fresh.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert "Bevakningen är avslutad" in fresh.get(unsubscribe).get_data(as_text=True)
    make_report(publish=True, title="Ännu en i Bjuv", position=BJUV)
    assert run_job(app, now=utcnow() + timedelta(seconds=3)) == (0, 0)


def test_csrf_protects_the_forms_but_not_the_one_click_unsubscribe(make_app, make_report):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    assert subscribe(client, "x@example.se").status_code == 400
    with csrf_app.app_context():
        subscriber = Subscriber(email="y@example.se", token="s" * 43)
        subscriber.alerts.append(Alert(kind="area", label="Bjuv", token="a" * 43, frequency="daily",
                                       confirmed_at=utcnow()))
        db.session.add(subscriber)
        db.session.commit()
    assert client.post(f"/bevakning/bekrafta/{'a' * 43}").status_code == 400
    assert client.post(f"/bevakning/avsluta/{'a' * 43}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.post(f"/bevakning/avsluta/{'b' * 43}").status_code == 404


def test_a_radius_alert_by_words_finds_the_place_only_among_areas_and_published_places(app, client, make_report):
    make_report(publish=True, place="Storgatan 1", position=BJUV, title="Gammal")
    response = subscribe(client, "bo@example.se", kind="radius", place="Okändvägen 99", radius="250")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vi hittar inte platsen" in html and "Okändvägen 99" in html
    assert outbox(app) == []

    assert subscribe(client, "bo@example.se", kind="radius", place="storgatan", radius="250",
                     changes="all", frequency="instant").status_code == 303
    confirm(app, client, "bo@example.se")
    make_report(publish=True, title="Nära", position=(56.0845, 12.9195))
    make_report(publish=True, title="Långt bort", position=(56.0900, 12.9190))  # ~670 m
    mailed, lines = run_job(app, "instant", now=utcnow() + timedelta(seconds=1))
    body = outbox(app)[-1][2]
    assert (mailed, lines) == (1, 1) and "Nära" in body and "Långt bort" not in body


def test_a_category_alert_with_changes_mails_status_changes(app, client, make_report, ctx):
    report_id, _ = make_report(publish=True, category="trasig-belysning", title="Mörk gångväg")
    with app.test_request_context():
        cat = db.session.get(Report, report_id).category_id
    assert subscribe(client, "cia@example.se", kind="category", category=str(cat), changes="all",
                     frequency="instant").status_code == 303
    confirm(app, client, "cia@example.se")
    with app.test_request_context():
        desk.change_status(db.session.get(Report, report_id), ReportStatus.FIXED, "Lampan är bytt.")
        db.session.commit()
    assert run_job(app, "instant", now=utcnow() + timedelta(seconds=1)) == (1, 1)
    body = outbox(app)[-1][2]
    assert "Mörk gångväg" in body and "Åtgärdad" in body and "Lampan är bytt." in body


def test_following_a_report_mails_its_public_history_changes_only(app, client, make_report):
    report_id, _ = make_report(publish=True, title="Trasig bänk", contact=None)
    page = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert f"/rapporter/{report_id}/folj" in page
    assert client.post(f"/rapporter/{report_id}/folj", data={"email": "inte-en-adress"}).status_code == 422
    assert client.post(f"/rapporter/{report_id}/folj", data={"email": "fia@example.se"}).status_code == 303
    confirm(app, client, "fia@example.se")
    make_report(publish=True, title="Annan rapport")
    with app.test_request_context():
        desk.reply(db.session.get(Report, report_id), "Vi lagar den i vecka 3.")
        db.session.commit()
    assert run_job(app, "instant", now=utcnow() + timedelta(seconds=1)) == (1, 1)
    body = outbox(app)[-1][2]
    assert "Trasig bänk" in body and "Vi lagar den i vecka 3." in body and "Annan rapport" not in body
    assert client.get("/rapporter/999999/folj").status_code == 404


def test_the_subscriber_page_lists_and_ends_alerts_and_private_links_are_not_guessable(app, client):
    subscribe(client, "gus@example.se")
    subscribe(client, "gus@example.se", area="billesholm", frequency="instant")
    page = confirm(app, client, "gus@example.se")
    assert "Bjuv" in page and "Billesholm" in page and "Väntar på bekräftelse" in page
    with app.app_context():
        token = db.session.scalar(db.select(Subscriber.token))
        alert_token = db.session.scalar(db.select(Alert.token).where(Alert.label == "Billesholm"))
    assert client.post(f"/bevakning/avsluta/{alert_token}").status_code == 303
    page = client.get(f"/bevakning/mina/{token}").get_data(as_text=True)
    assert "Billesholm" not in page and "Bjuv" in page
    assert client.get("/bevakning/mina/gissning").status_code == 404
    assert client.get("/bevakning/bekrafta/gissning").status_code == 404
    assert client.get(f"/bevakning/mina/{token}").headers["Cache-Control"] == "private, no-store"


def test_hostile_input_is_refused_at_the_field(app, client):
    for fields, message in [
        ({"kind": "bogus"}, "Välj vad du vill ha e-post om."),
        ({"area": "x\u0000y"}, "Välj ett område."),
        ({"kind": "radius", "place": "", "lat": "", "lon": ""}, "Skriv platsen"),
        ({"kind": "radius", "lat": "nan", "lon": "inf", "place": "x"}, "ligger utanför"),
        ({"kind": "radius", "radius": "99999", "place": "Bjuv"}, "Välj ett avstånd."),
        ({"category": "99999999999"}, "Välj en kategori i listan."),
        ({"email": "a" * 300 + "@example.se"}, "E-postadressen är för lång."),
        ({"frequency": "hourly"}, "Välj hur ofta."),
    ]:
        response = subscribe(client, "hostile@example.se", **fields)
        html = response.get_data(as_text=True)
        assert response.status_code in (400, 422), fields
        if response.status_code == 422:
            assert message in html, (fields, message)
    assert outbox(app) == []


def test_confirmation_mails_to_one_address_are_limited(app, client):
    app.config["ALERT_CONFIRMATIONS_PER_ADDRESS"] = "2 per day"
    assert subscribe(client, "offer@example.se").status_code == 303
    assert subscribe(client, "offer@example.se").status_code == 303
    response = subscribe(client, "offer@example.se")
    assert response.status_code == 422 and "flera bekräftelser" in response.get_data(as_text=True)
    assert len(outbox(app)) == 2


def test_the_job_claims_its_window_once(app, make_report):
    now = utcnow()
    with app.app_context():
        assert jobs.run("daily", now=now) == (0, 0)
        assert db.session.get(AlertRun, "daily").until == now
        # An older clock (a second cron run racing the first) claims nothing.
        assert jobs._claim("daily", now) is None


def test_feeds_per_area_and_radius_hold_only_public_fields(app, client, make_report):
    make_report(publish=True, title="I Bjuv", position=BJUV, description="Hemlig beskrivning")
    make_report(publish=True, title="I Billesholm", position=BILLESHOLM)
    rss = client.get("/rapporter/rss.xml?omrade=bjuv").get_data(as_text=True)
    assert "I Bjuv" in rss and "I Billesholm" not in rss and "Hemlig beskrivning" not in rss
    atom = client.get("/rapporter/atom.xml?omrade=billesholm")
    assert atom.content_type.startswith("application/atom+xml")
    assert "I Billesholm" in atom.get_data(as_text=True) and "I Bjuv" not in atom.get_data(as_text=True)
    near = client.get(f"/rapporter/rss.xml?lat={BJUV[0]}&lon={BJUV[1]}&radie=250").get_data(as_text=True)
    assert "I Bjuv" in near and "I Billesholm" not in near
    assert client.get("/rapporter/rss.xml?omrade=atlantis").status_code == 400
    assert client.get("/rapporter/rss.xml?lat=1&lon=2&radie=250").status_code == 400
    assert client.get(f"/rapporter/rss.xml?lat={BJUV[0]}&lon={BJUV[1]}&radie=7").status_code == 400
    page = client.get("/bevakning").get_data(as_text=True)
    assert "/rapporter/atom.xml?omrade=bjuv" in page



def test_gallra_removes_ended_and_unconfirmed_alerts_and_lonely_subscribers(app):
    from portal.retention import remove_personal_data

    old = utcnow() - timedelta(days=40)
    with app.app_context():
        gone = Subscriber(email="gone@example.se", token="g" * 43, created_at=old)
        gone.alerts.append(Alert(kind="area", label="Bjuv", token="1" * 43, created_at=old))  # never confirmed
        stays = Subscriber(email="stays@example.se", token="h" * 43, created_at=old)
        stays.alerts.append(Alert(kind="area", label="Bjuv", token="2" * 43, created_at=old, confirmed_at=old))
        stays.alerts.append(Alert(kind="area", label="Ekeby", token="3" * 43, created_at=old, confirmed_at=old,
                                  ended_at=old))
        fresh = Subscriber(email="fresh@example.se", token="i" * 43)
        fresh.alerts.append(Alert(kind="area", label="Bjuv", token="4" * 43))  # asked for today
        db.session.add_all([gone, stays, fresh])
        db.session.commit()
        removal, _cutoff = remove_personal_data("KS 2026/1", 24)
        db.session.commit()
        assert (removal.alerts_removed, removal.subscribers_removed) == (2, 1)
        assert db.session.scalars(db.select(Subscriber.email).order_by(Subscriber.email)).all() == \
            ["fresh@example.se", "stays@example.se"]
        assert db.session.scalars(db.select(Alert.label).order_by(Alert.id)).all() == ["Bjuv", "Bjuv"]


def test_the_privacy_notice_names_alerts_and_the_me_too_cookie(client):
    html = client.get("/integritet").get_data(as_text=True)
    assert "e-postbevakningar" in html and "30 dagar efter att du har avslutat" in html
    assert "”jag också”" in html


def test_the_duplicate_box_offers_to_follow_or_say_me_too(client, make_report, categories):
    report_id, _ = make_report(publish=True, position=BJUV)
    found = client.get(f"/rapporter/nara.json?category={categories['klotter']}&lat={BJUV[0]}&lon={BJUV[1]}").get_json()
    [report] = found["reports"]
    assert report["follow_url"] == f"/rapporter/{report_id}/folj"
    assert report["me_too_url"] == f"/rapporter/{report_id}#jag-ocksa"
    assert 'data-follow-text="Följ ärendet"' in client.get("/rapportera").get_data(as_text=True)
