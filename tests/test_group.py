"""Trygga chefer: meetings with a generated agenda, minutes, actions owned by a department
and a person; open actions return on the next agenda and on the owner's overview until
done; overdue flagged; the record printable and the actions as CSV; the police contact
reads it all and no personal data anywhere."""
from datetime import date, timedelta

import pytest

from portal.accounts.models import User
from portal.extensions import db
from portal.group.models import ActionStatus, GroupAction
from portal.lagesbild.context import today
from portal.reports.models import Department
from tests.test_lagesbild import BJUV, Tables, add


def ids(app, email, slug):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        department = db.session.scalar(db.select(Department).where(Department.slug == slug))
        return user.id, department.id


def meeting(client, held_on, title):
    response = client.post("/admin/trygga-chefer/mote/nytt", data={"held_on": held_on, "title": title})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


@pytest.fixture
def handler(staff_client):
    return staff_client("handler", ["skola"], email="hampus@bjuv.example", name="Hampus Skola")


def test_an_action_returns_on_the_desk_and_the_next_agenda_until_done(app, coordinator, handler):
    with app.test_request_context():
        now = today()
    owner_id, skola = ids(app, "hampus@bjuv.example", "skola")
    first = meeting(coordinator, (now - timedelta(days=20)).isoformat(), "Trygga chefer, oktober")
    response = coordinator.post(first + "/atgard", data={
        "title": "Belysning vid skolgården", "department": skola, "owner": owner_id,
        "deadline": (now - timedelta(days=2)).isoformat()})
    assert response.status_code == 303
    assert coordinator.post(first + "/protokoll", data={"minutes": "Skolgården är mörk."}).status_code == 303

    desk = handler.get("/admin/").get_data(as_text=True)
    assert "Dina åtgärder från Trygga chefer (1)" in desk and "Belysning vid skolgården" in desk
    assert "Försenad" in desk

    second = meeting(coordinator, now.isoformat(), "Trygga chefer, november")
    agenda = coordinator.get(second).get_data(as_text=True)
    rows = Tables(agenda).tables["agenda-actions-caption"]
    assert rows[1][0] == "Belysning vid skolgården" and "Försenad" in rows[1][3]

    with app.app_context():
        action_id = db.session.scalar(db.select(GroupAction.id))
    assert handler.post(f"/admin/trygga-chefer/atgard/{action_id}/status", data={"status": "done"}).status_code == 303
    assert "Belysning vid skolgården" not in handler.get("/admin/").get_data(as_text=True)
    assert "Inga: alla tidigare åtgärder är klara." in coordinator.get(second).get_data(as_text=True)
    log = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "Lade till åtgärden Belysning vid skolgården för Hampus Skola." in log


def test_only_the_owner_or_the_coordinator_changes_an_action(app, coordinator, handler, staff_client):
    owner_id, skola = ids(app, "hampus@bjuv.example", "skola")
    location = meeting(coordinator, "2026-10-01", "Möte")
    coordinator.post(location + "/atgard", data={"title": "Åtgärd", "department": skola, "owner": owner_id,
                                                 "deadline": "2026-12-01"})
    other = staff_client("handler", ["socialtjanst"], email="leila@bjuv.example")
    with app.app_context():
        action_id = db.session.scalar(db.select(GroupAction.id))
    assert other.post(f"/admin/trygga-chefer/atgard/{action_id}/status", data={"status": "done"}).status_code == 403
    with app.app_context():
        assert db.session.get(GroupAction, action_id).status is ActionStatus.OPEN


def test_an_action_needs_a_person_of_its_department(app, coordinator, handler):
    owner_id, _skola = ids(app, "hampus@bjuv.example", "skola")
    _id, social = ids(app, "hampus@bjuv.example", "socialtjanst")
    location = meeting(coordinator, "2026-10-01", "Möte")
    response = coordinator.post(location + "/atgard", data={"title": "Åtgärd", "department": social,
                                                            "owner": owner_id, "deadline": "2026-12-01"})
    assert response.status_code == 422
    assert "Hampus Skola arbetar inte på Socialtjänst." in response.get_data(as_text=True)
    response = coordinator.post(location + "/atgard", data={"title": "", "department": "99999", "owner": "x",
                                                            "deadline": "imorgon"})
    html = response.get_data(as_text=True)
    assert "Skriv vad som ska göras." in html and "Välj förvaltningen som äger åtgärden." in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(GroupAction.id))) == 0


def test_the_agenda_holds_hot_spots_and_the_record_prints(app, coordinator, handler):
    with app.test_request_context():
        now = today()
    for _ in range(3):
        add(app, at=None, position=BJUV)  # 10 June 2026
    location = meeting(coordinator, now.isoformat(), "Möte")
    # The first meeting looks back 30 days; the reports of 10 June are older than that.
    page = coordinator.get(location).get_data(as_text=True)
    assert "Heta platser sedan förra mötet" in page
    owner_id, skola = ids(app, "hampus@bjuv.example", "skola")
    coordinator.post(location + "/atgard", data={"title": "=cmd|' /C calc'!A0", "department": skola,
                                                 "owner": owner_id, "deadline": "2027-01-15"})
    record = coordinator.get(location + "/utskrift").get_data(as_text=True)
    assert "Protokoll: Möte" in record and "15 januari 2027" in record
    body = coordinator.get(location + "/atgarder.csv").get_data().decode("utf-8-sig")
    assert "'=cmd" in body and "Hampus Skola" in body and "2027-01-15" in body


def test_hot_spots_since_the_last_meeting(app, coordinator):
    for _ in range(3):
        add(app, at=None, position=BJUV)  # 10 June 2026, 12.00 Stockholm time
    meeting(coordinator, "2026-06-01", "Juni")
    location = meeting(coordinator, "2026-06-30", "Efter midsommar")
    page = coordinator.get(location).get_data(as_text=True)
    assert "Bjuv: Klotter, 3 anmälningar" in page


def test_the_police_contact_reads_but_changes_nothing(app, coordinator, staff_client):
    location = meeting(coordinator, "2026-10-01", "Möte")
    police = staff_client("police", email="polis@bjuv.example", name="Kerstin Polis")
    assert police.get("/admin/trygga-chefer/").status_code == 200
    assert police.get(location).status_code == 200
    assert police.get("/admin/lagesbild").status_code == 200
    for url in ("/admin/rapporter", "/admin/promenader/", "/admin/export", "/admin/logg", "/admin/vaktare/"):
        assert police.get(url).status_code in (403, 404), url
    assert police.post(location + "/protokoll", data={"minutes": "x"}).status_code == 403
    overview = police.get("/admin/").get_data(as_text=True)
    assert "läser lägesbilden och Trygga chefer" in overview


def test_a_past_date_meeting_is_kept_in_order(app, coordinator):
    meeting(coordinator, "2026-09-01", "September")
    meeting(coordinator, "2026-06-01", "Juni")
    page = coordinator.get("/admin/trygga-chefer/").get_data(as_text=True)
    assert page.index("September") < page.index("Juni")
    response = coordinator.post("/admin/trygga-chefer/mote/nytt", data={"held_on": "2026-02-30", "title": ""})
    assert response.status_code == 422
    assert date(2026, 9, 1)  # the dates above were kept as typed


def test_the_police_contact_sees_no_personal_data_anywhere(municipality):
    """Every page the crawl opens as the police contact: the lägesbild and Trygga chefer
    answer, the desk's reports, the walks' rosters and the exports do not, and no
    resident's or walker's email or phone is on any page it gets."""
    from portal.reports.models import ReportContact
    from portal.walks.models import WalkSignup
    from tests.crawl import crawl

    with municipality.app.app_context():
        secrets = set()
        for email, phone in db.session.execute(db.select(ReportContact.email, ReportContact.phone)):
            secrets |= {value for value in (email, phone) if value and len(value) > 6}
        for email, phone in db.session.execute(db.select(WalkSignup.email, WalkSignup.phone)):
            secrets |= {value for value in (email, phone) if value and len(value) > 6}
    assert len(secrets) > 20
    seen = {result.visit.endpoint: result.status for result in crawl(municipality) if result.visit.role == "police"}
    assert seen["lagesbild.staff"] == 200 and seen["group.meeting"] == 200 and seen["efforts.show"] == 200
    assert seen["desk_case.case"] == 403 and seen["walks_roster.slot"] == 403 and seen["exports.reports"] == 403
    for result in crawl(municipality):
        # Staff pages only: a private link (a walker's own sign-up) shows its owner's data to whoever holds it.
        if result.visit.role == "police" and result.status == 200 and result.visit.url.startswith("/admin"):
            leaked = [value for value in secrets if value in result.body]
            assert not leaked, (result.visit.url, leaked[:3])
