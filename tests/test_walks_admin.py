"""The coordinator's rota through /admin/promenader: walks and series, changes, cancelling,
the roster (print, CSV, who came), what needs attention, and walk reports made into
reports for the moderation queue. The database, the outbox and the audit log are the evidence."""
import csv
import io
from datetime import date, time, timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.reports.models import Report, ReportStatus
from portal.timeutil import to_local
from portal.walks.models import SignupStatus, WalkReport, WalkSlot
from tests.walk_helpers import local_today, make_slot, move_slot, sign_up, signups, token_of


def slot_form(day=None, **overrides):
    data = {"date": (day or local_today() + timedelta(days=5)).isoformat(), "start": "19:00", "end": "22.00",
            "meeting_point": "Torget", "lat": "", "lon": "", "area": "Bjuv", "capacity": "5",
            "min_walkers": "3", "min_age": "18", "notes": "Västar finns vid mötesplatsen."}
    data.update(overrides)
    return data


def series_form(first, last, weekdays=("5", "6"), **overrides):
    data = slot_form(**overrides)
    data.pop("date")
    data.update(first_date=first.isoformat(), last_date=last.isoformat(), weekdays=list(weekdays))
    return data


def all_slots(app):
    with app.app_context():
        found = db.session.scalars(db.select(WalkSlot).order_by(WalkSlot.starts_at)).all()
        for slot in found:
            db.session.expunge(slot)
        return found


def audit_actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def outbox(app):
    with app.app_context():
        return [(m.to_addr, m.subject, m.body_text) for m in db.session.scalars(
            db.select(OutboxMessage).order_by(OutboxMessage.id))]


def test_a_coordinator_creates_a_walk_with_a_map_point_in_stockholm_time(app, coordinator):
    day = local_today() + timedelta(days=5)
    response = coordinator.post("/admin/promenader/ny", data=slot_form(day, lat="56.0840", lon="12.9190"))
    assert response.status_code == 303
    (slot,) = all_slots(app)
    assert to_local(slot.starts_at).date() == day and to_local(slot.starts_at).strftime("%H:%M") == "19:00"
    assert to_local(slot.ends_at).strftime("%H:%M") == "22:00"
    assert (slot.meeting_lat, slot.meeting_lon) == (56.084, 12.919)
    assert (slot.capacity, slot.min_walkers, slot.min_age) == (5, 3, 18)
    assert audit_actions(app)[-1] == "walk_slot_created"
    assert coordinator.get(response.headers["Location"]).status_code == 200


def test_the_forms_offer_the_contract_field_names_and_the_default_minimum(app, coordinator):
    app.config["WALK_MIN_AGE"] = 20
    html = coordinator.get("/admin/promenader/ny").get_data(as_text=True)
    for name in ("date", "start", "end", "meeting_point", "area", "capacity", "min_walkers", "min_age", "notes"):
        assert f'name="{name}"' in html, name
    assert 'name="min_walkers" type="text" value="3"' in html or 'value="3"' in html
    assert 'value="20"' in html
    html = coordinator.get("/admin/promenader/serie").get_data(as_text=True)
    assert html.count('name="weekdays"') == 7 and 'name="first_date"' in html


@pytest.mark.parametrize("overrides, field", [
    ({"date": (date.today() - timedelta(days=2)).isoformat()}, "date"),
    ({"date": "2026-13-45"}, "date"),
    ({"date": ""}, "date"),
    ({"start": "22:00", "end": "19:00"}, "end"),
    ({"start": "19:00", "end": "19:00"}, "end"),
    ({"end": "25:00"}, "end"),
    ({"start": "kväll"}, "start"),
    ({"capacity": "2", "min_walkers": "3"}, "capacity"),
    ({"capacity": "51"}, "capacity"),
    ({"capacity": "1e9"}, "capacity"),
    ({"min_walkers": "1"}, "min_walkers"),
    ({"min_age": "7"}, "min_age"),
    ({"meeting_point": ""}, "meeting_point"),
    ({"meeting_point": "x" * 301}, "meeting_point"),
    ({"area": ""}, "area"),
    ({"area": "Centrum"}, "area"),  # not one of the configured areas
    ({"lat": "59.33", "lon": "18.06"}, "lat"),  # Stockholm: outside the municipality
    ({"lat": "abc", "lon": "12.9"}, "lat"),
    ({"notes": "n" * 2001}, "notes"),
])
def test_bad_walks_are_refused_with_a_message_at_the_field(app, coordinator, overrides, field):
    response = coordinator.post("/admin/promenader/ny", data=slot_form(**overrides))
    assert response.status_code == 422, response.status_code
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and "error-summary" in html
    assert all_slots(app) == []


def test_a_series_makes_one_walk_per_chosen_weekday_at_the_same_local_time_across_dst(app, coordinator):
    first = local_today() + timedelta(days=1)
    last = first + timedelta(days=200)  # crosses a change between summer and winter time
    response = coordinator.post("/admin/promenader/serie", data=series_form(first, last, ("5", "6")))
    assert response.status_code == 303
    made = all_slots(app)
    expected = [first + timedelta(days=n) for n in range(201) if (first + timedelta(days=n)).isoweekday() in (5, 6)]
    assert [to_local(s.starts_at).date() for s in made] == expected
    assert {to_local(s.starts_at).strftime("%H:%M") for s in made} == {"19:00"}
    assert len({s.starts_at.hour for s in made}) == 2  # 17 UTC in summer, 18 UTC in winter
    assert len({s.series_id for s in made}) == 1 and made[0].series_id
    assert audit_actions(app)[-1] == "walk_series_created" and audit_actions(app).count("walk_series_created") == 1


@pytest.mark.parametrize("weekdays, first_days, length, field", [
    ((), 1, 30, "weekdays"),
    (("9",), 1, 30, "weekdays"),
    (("1",), 1, 3, "weekdays"),  # no Monday within the dates (see the test)
    (("5",), -3, 30, "first_date"),
    (("5",), 10, -5, "last_date"),
    (("5",), 1, 400, "last_date"),
])
def test_bad_series_are_refused(app, coordinator, weekdays, first_days, length, field):
    first = local_today() + timedelta(days=first_days)
    if weekdays == ("1",):
        first += timedelta(days=(1 - first.isoweekday()) % 7 + 1)  # a Tuesday: Tue–Thu has no Monday
        length = 2
    response = coordinator.post("/admin/promenader/serie",
                                data=series_form(first, first + timedelta(days=length), weekdays))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert all_slots(app) == []


def make_series(app, coordinator, weeks=3):
    first = local_today() + timedelta(days=1)
    coordinator.post("/admin/promenader/serie",
                     data=series_form(first, first + timedelta(weeks=weeks) - timedelta(days=1), ("5",)))
    return [s.id for s in all_slots(app)]


def edit_form(app, slot_id, **overrides):
    slot = next(s for s in all_slots(app) if s.id == slot_id)
    data = slot_form(to_local(slot.starts_at).date(), capacity=str(slot.capacity), scope="one")
    data.update(overrides)
    return data


def test_editing_one_walk_of_a_series_leaves_the_others(app, coordinator, client):
    ids = make_series(app, coordinator)
    token = token_of(sign_up(client, ids[0]))
    response = coordinator.post(f"/admin/promenader/{ids[0]}/andra",
                                data=edit_form(app, ids[0], start="18:00", meeting_point="Biblioteket"))
    assert response.status_code == 303
    slots = all_slots(app)
    assert to_local(slots[0].starts_at).strftime("%H:%M") == "18:00" and slots[0].meeting_point == "Biblioteket"
    assert {to_local(s.starts_at).strftime("%H:%M") for s in slots[1:]} == {"19:00"}
    to, _subject, body = outbox(app)[-1]
    assert to == "vera@example.se" and "Biblioteket" in body and f"/promenader/avboka/{token}" in body
    assert audit_actions(app)[-1] == "walk_slot_changed"


def test_editing_this_and_the_following_changes_the_rest_of_the_series_each_on_its_date(app, coordinator):
    ids = make_series(app, coordinator, weeks=4)
    before = all_slots(app)
    response = coordinator.post(f"/admin/promenader/{ids[1]}/andra",
                                data=edit_form(app, ids[1], start="18:30", end="21:30", area="Billesholm", scope="following"))
    assert response.status_code == 303
    after = all_slots(app)
    assert to_local(after[0].starts_at).strftime("%H:%M") == "19:00" and after[0].area == "Bjuv"
    for old, new in zip(before[1:], after[1:]):
        assert to_local(new.starts_at).date() == to_local(old.starts_at).date()
        assert to_local(new.starts_at).strftime("%H:%M") == "18:30" and new.area == "Billesholm"


def test_more_places_promote_the_waiting_list_and_fewer_than_taken_is_refused(app, coordinator, client):
    slot_id = make_slot(app, capacity=2)
    for n in range(3):
        sign_up(client, slot_id, email=f"w{n}@example.se")
    refused = coordinator.post(f"/admin/promenader/{slot_id}/andra", data=edit_form(app, slot_id, capacity="1", min_walkers="2"))
    assert refused.status_code == 422 and 'id="capacity-error"' in refused.get_data(as_text=True)
    assert coordinator.post(f"/admin/promenader/{slot_id}/andra",
                            data=edit_form(app, slot_id, capacity="3", min_walkers="2")).status_code == 303
    assert [s.status for s in signups(app)] == [SignupStatus.CONFIRMED] * 3
    assert outbox(app)[-1][0] == "w2@example.se"


def test_cancelling_a_walk_mails_everyone_on_it_waiting_list_included(app, coordinator, client):
    slot_id = make_slot(app, capacity=2)
    for n in range(3):
        sign_up(client, slot_id, email=f"w{n}@example.se")
    token = token_of(sign_up(client, slot_id, email="w3@example.se"))
    client.post(f"/promenader/avboka/{token}")  # a cancelled walker is not told again
    sent_before = len(outbox(app))
    assert coordinator.post(f"/admin/promenader/{slot_id}/stall-in", data={"reason": ""}).status_code == 422
    response = coordinator.post(f"/admin/promenader/{slot_id}/stall-in", data={"reason": "Åskväder <b>väntas</b>"})
    assert response.status_code == 303
    mails = outbox(app)[sent_before:]
    assert sorted(to for to, _s, _b in mails) == ["w0@example.se", "w1@example.se", "w2@example.se"]
    assert all("Åskväder väntas" in body for _to, _s, body in mails)
    assert all_slots(app)[0].cancelled_at is not None
    assert audit_actions(app)[-1] == "walk_slot_cancelled"
    assert "Åskväder" in client.get(f"/promenader/{slot_id}").get_data(as_text=True)
    # Cancelled once is enough; a cancelled walk cannot be changed.
    assert coordinator.post(f"/admin/promenader/{slot_id}/stall-in", data={"reason": "igen"}).status_code == 422
    assert coordinator.post(f"/admin/promenader/{slot_id}/andra", data=edit_form(app, slot_id)).status_code == 422


def test_the_roster_shows_walkers_to_the_coordinator_and_downloads_safely_as_csv(app, coordinator, client):
    slot_id = make_slot(app, capacity=2)
    sign_up(client, slot_id, name="=HYPERLINK(\"http://x\")", email="a@example.se", is_first_walk="yes")
    sign_up(client, slot_id, name="Anna Andra", email="c@example.se")
    sign_up(client, slot_id, name="Vänta Väntelista", email="b@example.se", phone="")
    page = coordinator.get(f"/admin/promenader/{slot_id}").get_data(as_text=True)
    assert "Vänta Väntelista" in page and "070-123 45 67" in page
    assert f'<form method="post" action="/admin/promenader/{slot_id}/deltagare.csv"' in page
    assert coordinator.get(f"/admin/promenader/{slot_id}/deltagare.csv").status_code == 405
    assert "walk_roster_export" not in audit_actions(app)  # a GET writes nothing
    response = coordinator.post(f"/admin/promenader/{slot_id}/deltagare.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][2] == "a@example.se"
    assert rows[3][0] == "Vänta Väntelista" and rows[3][5] == "1"
    assert audit_actions(app)[-1] == "walk_roster_export"
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert "a@example.se" not in str(entry.details) and "Väntelista" not in entry.summary


def test_marking_who_came_after_the_walk(app, coordinator, client):
    slot_id = make_slot(app)
    sign_up(client, slot_id, email="a@example.se")
    sign_up(client, slot_id, email="b@example.se")
    first, second = (s.id for s in signups(app))
    early = coordinator.post(f"/admin/promenader/{slot_id}/narvaro", data={f"came-{first}": "yes"})
    assert early.status_code == 422
    move_slot(app, slot_id, -timedelta(hours=4))
    bad = coordinator.post(f"/admin/promenader/{slot_id}/narvaro", data={f"came-{first}": "kanske"})
    assert bad.status_code == 422
    response = coordinator.post(f"/admin/promenader/{slot_id}/narvaro", data={f"came-{first}": "yes", f"came-{second}": "no"})
    assert response.status_code == 303
    assert [s.attended for s in signups(app)] == [True, False]
    assert audit_actions(app)[-1] == "walk_attendance"


def test_what_needs_attention(app, coordinator, client):
    app.config["WALK_ATTENTION_DAYS"] = 3
    short = make_slot(app, days=1, min_walkers=3, area="Kort om folk")
    sign_up(client, short, email="a@example.se")
    far = make_slot(app, days=20, min_walkers=3, area="Långt bort")
    newbies = make_slot(app, days=2, start=time(12), end=time(14),
                        min_walkers=2, area="Bara nya")
    sign_up(client, newbies, email="n1@example.se", is_first_walk="yes")
    sign_up(client, newbies, email="n2@example.se", is_first_walk="yes")
    html = coordinator.get("/admin/promenader/").get_data(as_text=True)
    under = html.split('id="under-minimum"', 1)[1].split("</section>", 1)[0]
    assert "Kort om folk" in under and "Långt bort" not in under and "Bara nya" not in under
    weeks = html.split('id="empty-weeks"', 1)[1].split("</section>", 1)[0]
    far_week = to_local(next(s for s in all_slots(app) if s.id == far).starts_at).isocalendar()[1]
    assert weeks.count("<li>") >= 4 and f" {far_week} " not in weeks.replace("(", " ")
    first_timers = html.split('id="first-timers"', 1)[1].split("</section>", 1)[0]
    assert "Bara nya" in first_timers and "Kort om folk" not in first_timers


def test_a_walk_report_becomes_a_report_in_the_moderation_queue(app, coordinator, client, categories):
    slot_id = make_slot(app, position=(56.084, 12.919))
    sign_up(client, slot_id)
    move_slot(app, slot_id, -timedelta(hours=4))
    with app.app_context():
        from portal.walks.models import WalkSignup
        from portal.walks.roster import submit_report

        class Form:  # what the public form hands the service
            areas_walked = type("F", (), {"data": "Centrum"})
            youths_met = type("F", (), {"data": 12})
            observations = type("F", (), {"data": "Krossad ruta i busskuren vid stationen."})
            incidents = type("F", (), {"data": None})
            police_called = type("F", (), {"data": False})
            emergency_called = type("F", (), {"data": False})
            free_text = type("F", (), {"data": None})

        submit_report(db.session.scalar(db.select(WalkSignup)), Form)
        db.session.commit()
        walk_report_id = db.session.scalar(db.select(WalkReport.id))
    page = coordinator.get(f"/admin/promenader/{slot_id}").get_data(as_text=True)
    assert "Krossad ruta i busskuren" in page
    bad = coordinator.post(f"/admin/promenader/rapporter/{walk_report_id}/anmalan",
                           data={f"wr{walk_report_id}-category": "999", f"wr{walk_report_id}-description": "x"})
    assert bad.status_code == 422
    response = coordinator.post(f"/admin/promenader/rapporter/{walk_report_id}/anmalan", data={
        f"wr{walk_report_id}-category": str(categories["skadegorelse"]),
        f"wr{walk_report_id}-description": "Krossad ruta i busskuren vid stationen.",
    })
    assert response.status_code == 303
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        walk_report = db.session.get(WalkReport, walk_report_id)
        assert walk_report.report_id == report.id
        assert report.status is ReportStatus.RECEIVED and not report.is_published
        assert report.contact is None and report.category.slug == "skadegorelse"
        assert "Centrum och stationen" in report.place and (report.lat, report.lon) == (56.084, 12.919)
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "walk_report_forwarded"))
        assert entry.report_id == report.id
    again = coordinator.post(f"/admin/promenader/rapporter/{walk_report_id}/anmalan", data={
        f"wr{walk_report_id}-category": str(categories["skadegorelse"]),
        f"wr{walk_report_id}-description": "igen",
    })
    assert again.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Report.id))) == 1


def test_the_staff_menu_links_the_walks_for_a_coordinator_only(app, coordinator, staff_client):
    assert 'href="/admin/promenader/"' in coordinator.get("/admin/").get_data(as_text=True)
    handler = staff_client("handler", ["skola"])
    assert 'href="/admin/promenader/"' not in handler.get("/admin/").get_data(as_text=True)
    assert handler.get("/admin/promenader/").status_code == 403
