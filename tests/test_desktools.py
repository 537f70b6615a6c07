"""Tools the desk was missing: a message to everyone on a walk (outbox, real SMTP, logged),
and response templates that fill a public reply."""
import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import deliver_pending
from portal.walks import signups as signup_services
from tests.walk_helpers import make_slot


@pytest.fixture
def app_config(app_config, smtp_server):
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return app_config


def sign_up(app, slot_id, email, name="Vandrare"):
    with app.test_request_context():
        signup_services.sign_up(slot_id, name, email, None, False)
        db.session.commit()


def test_a_message_reaches_everyone_on_the_walk(app, coordinator, smtp_server):
    slot_id = make_slot(app, days=4, capacity=2)
    for number in range(3):  # two places and one on the waiting list
        sign_up(app, slot_id, f"vandrare{number}@example.se")
    with app.app_context():
        db.session.execute(db.delete(OutboxMessage))  # the sign-up confirmations
        db.session.commit()
    page = coordinator.get(f"/admin/promenader/{slot_id}/meddelande").get_data(as_text=True)
    assert "Det går till 3 deltagare" in page
    response = coordinator.post(f"/admin/promenader/{slot_id}/meddelande",
                                data={"subject": "Ny mötesplats", "body": "Vi ses vid biblioteket i stället."})
    assert response.status_code == 303
    with app.app_context():
        assert deliver_pending() == (3, 0)
    received = {m["To"]: m.get_body(preferencelist=("plain",)).get_content() for m in smtp_server.messages}
    assert set(received) == {f"vandrare{n}@example.se" for n in range(3)}
    for address, body in received.items():
        assert "Vi ses vid biblioteket i stället." in body
        assert "/promenader/avboka/" in body
        assert not any(other in body for other in received if other != address)
    log = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "Skickade meddelandet Ny mötesplats till 3 deltagare" in log
    assert "vandrare0@example.se" not in log


def test_an_empty_message_is_refused(app, coordinator):
    slot_id = make_slot(app, days=4)
    response = coordinator.post(f"/admin/promenader/{slot_id}/meddelande", data={"subject": "", "body": " "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Skriv en ämnesrad." in html and "Skriv meddelandet." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_template_fills_the_public_reply(app, coordinator, make_report, staff_client):
    report_id, _token = make_report(category="klotter", place="Skateparken")
    with app.app_context():
        from portal.reports.models import Category, Report

        klotter = db.session.scalar(db.select(Category.id).where(Category.slug == "klotter"))
        other = db.session.scalar(db.select(Category.id).where(Category.slug != "klotter"))
        reference = db.session.get(Report, report_id).reference
    response = coordinator.post("/admin/svarsmallar/ny", data={
        "title": "Klotter sanerat", "category": str(klotter),
        "body": "Tack! Klottret vid {plats} ({ärendenummer}) är borttaget."})
    assert response.status_code == 303
    coordinator.post("/admin/svarsmallar/ny", data={"title": "Annan kategori", "category": str(other), "body": "x"})
    page = coordinator.get(f"/admin/rapporter/{report_id}").get_data(as_text=True)
    assert "Klotter sanerat" in page and "Annan kategori" not in page
    with app.app_context():
        from portal.desktools.models import ResponseTemplate

        template_id = db.session.scalar(db.select(ResponseTemplate.id).where(ResponseTemplate.title == "Klotter sanerat"))
        other_id = db.session.scalar(db.select(ResponseTemplate.id).where(ResponseTemplate.title == "Annan kategori"))
    page = coordinator.get(f"/admin/rapporter/{report_id}?mall={template_id}&till=svara").get_data(as_text=True)
    assert f"Tack! Klottret vid Skateparken ({reference}) är borttaget.</textarea>" in page
    page = coordinator.get(f"/admin/rapporter/{report_id}?mall={template_id}&till=status").get_data(as_text=True)
    assert f"Tack! Klottret vid Skateparken ({reference}) är borttaget.</textarea>" in page
    # Another category's template, a bad id or target: the page as it is.
    for query in (f"?mall={other_id}", "?mall=99999999999999", "?mall=1&till=dolj", "?mall=abc"):
        page = coordinator.get(f"/admin/rapporter/{report_id}{query}")
        assert page.status_code == 200 and "Klottret vid" not in page.get_data(as_text=True)
    bad = coordinator.post("/admin/svarsmallar/ny", data={"title": "", "category": "abc", "body": ""})
    assert bad.status_code == 422 and "Skriv ett namn." in bad.get_data(as_text=True)


def test_a_walker_who_phoned_is_added_with_consent(app, coordinator):
    slot_id = make_slot(app, days=4, capacity=2)
    form = {"name": "Gunnel Telefon", "phone": "042-12 34 56", "email": "", "consent": ""}
    response = coordinator.post(f"/admin/promenader/{slot_id}/lagg-till", data=form)
    assert response.status_code == 422
    assert "Fråga deltagaren och kryssa i rutan" in response.get_data(as_text=True)
    assert coordinator.post(f"/admin/promenader/{slot_id}/lagg-till",
                            data={**form, "consent": "y"}).status_code == 303
    for name in ("Nils Nummer", "Tora Ton"):
        assert coordinator.post(f"/admin/promenader/{slot_id}/lagg-till",
                                data={**form, "name": name, "consent": "y"}).status_code == 303
    roster = coordinator.get(f"/admin/promenader/{slot_id}").get_data(as_text=True)
    assert "Gunnel Telefon" in roster and "042-12 34 56" in roster and "Väntelista, nummer 1" in roster
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0  # no address, no mail
    log = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "samtycke till att spara namn och telefon noterat" in log and "Gunnel" not in log


def test_a_walker_is_moved_and_the_place_goes_to_the_waiting_list(app, coordinator, smtp_server):
    from portal.walks.models import SignupStatus, WalkSignup

    first = make_slot(app, days=4, capacity=2)
    second = make_slot(app, days=5, capacity=2)
    sign_up(app, first, "ada@example.se")
    sign_up(app, first, "cecilia@example.se")
    sign_up(app, first, "bo@example.se")  # waiting
    with app.app_context():
        ada = db.session.scalar(db.select(WalkSignup.id).where(WalkSignup.email == "ada@example.se"))
    page = coordinator.get(f"/admin/promenader/{first}/flytta/{ada}")
    assert page.status_code == 200
    bad = coordinator.post(f"/admin/promenader/{first}/flytta/{ada}", data={"target": str(first)})
    assert bad.status_code == 422 and "Välj en promenad i listan." in bad.get_data(as_text=True)
    assert coordinator.post(f"/admin/promenader/{first}/flytta/{ada}", data={"target": str(second)}).status_code == 303
    with app.app_context():
        statuses = {s.email: (s.slot_id, s.status) for s in db.session.scalars(db.select(WalkSignup))}
    assert statuses["ada@example.se"] == (second, SignupStatus.CONFIRMED)
    assert statuses["bo@example.se"] == (first, SignupStatus.CONFIRMED)
