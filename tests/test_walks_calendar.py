"""Calendar files: each walk's .ics, the one attached to the confirmation, and a walker's
private feed, parsed with the icalendar package and checked in Stockholm local time."""
from datetime import UTC, time, timedelta
from time import sleep
from zoneinfo import ZoneInfo

from icalendar import Calendar

from portal.extensions import db
from portal.mail.models import OutboxAttachment
from portal.walks import calendar
from portal.walks.models import WalkSlot
from tests.walk_helpers import make_slot, sign_up, stockholm, token_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def events(data):
    parsed = Calendar.from_ical(data)
    assert parsed.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    return parsed.walk("VEVENT")


def put_at(app, slot_id, local_start, hours=3):
    with app.app_context():
        slot = db.session.get(WalkSlot, slot_id)
        slot.starts_at = local_start.astimezone(UTC).replace(tzinfo=None)
        slot.ends_at = slot.starts_at + timedelta(hours=hours)
        db.session.commit()


def test_a_walks_ics_has_local_times_place_description_and_a_stable_uid(app, client):
    slot_id = make_slot(app, position=(56.0840, 12.9190), notes="Västar vid mötesplatsen.")
    put_at(app, slot_id, stockholm(2030, 6, 28, 19))  # summer time: 17.00 UTC
    response = client.get(f"/promenader/{slot_id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    (event,) = events(response.data)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Stockholm" and "TZID=Europe/Stockholm" in response.data.decode()
    assert (start.hour, start.minute, end.hour) == (19, 0, 22)
    assert start.astimezone(UTC).hour == 17
    assert str(event["LOCATION"]) == "Torget vid fontänen"
    assert "Centrum och stationen" in str(event["SUMMARY"])
    assert "Västar vid mötesplatsen." in str(event["DESCRIPTION"]) and f"/promenader/{slot_id}" in str(event["DESCRIPTION"])
    assert event.decoded("GEO") is not None
    uid = str(event["UID"])
    assert uid == f"walk-slot-{slot_id}@trygghet.example.se"
    (again,) = events(client.get(f"/promenader/{slot_id}.ics").data)
    assert str(again["UID"]) == uid


def test_winter_time_is_one_hour_from_utc(app, client):
    slot_id = make_slot(app, start=time(18), end=time(21))
    put_at(app, slot_id, stockholm(2030, 1, 11, 18))
    (event,) = events(client.get(f"/promenader/{slot_id}.ics").data)
    assert event.decoded("DTSTART").hour == 18
    assert event.decoded("DTSTART").astimezone(UTC).hour == 17


def test_the_confirmation_mail_carries_the_same_ics(app, client):
    slot_id = make_slot(app)
    sign_up(client, slot_id)
    with app.app_context():
        attachment = db.session.scalar(db.select(OutboxAttachment))
        assert attachment.content_type == "text/calendar"
        (event,) = events(attachment.data)
        slot = db.session.get(WalkSlot, slot_id)
        assert event.decoded("DTSTART").astimezone(UTC).replace(tzinfo=None) == slot.starts_at
        assert str(event["UID"]) == calendar.slot_uid(slot)


def test_the_private_feed_has_the_walkers_own_confirmed_coming_walks_only(app, client):
    mine = make_slot(app, days=2)
    also_mine = make_slot(app, days=6)
    waiting = make_slot(app, days=4, capacity=2)
    cancelled_by_me = make_slot(app, days=5)
    sign_up(client, waiting, email="a@example.se")
    sign_up(client, waiting, email="b@example.se")
    token = token_of(sign_up(client, mine))
    sign_up(client, also_mine)
    sign_up(client, waiting)  # on the waiting list
    client.post(f"/promenader/avboka/{token_of(sign_up(client, cancelled_by_me))}")

    page = client.get(f"/promenader/anmalan/{token}").get_data(as_text=True)
    feed_path = page.split("/promenader/kalender/", 1)[1].split(".ics", 1)[0]
    response = client.get(f"/promenader/kalender/{feed_path}.ics")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    uids = sorted(str(e["UID"]) for e in Calendar.from_ical(response.data).walk("VEVENT"))
    assert uids == sorted(f"walk-slot-{n}@trygghet.example.se" for n in (mine, also_mine))
    # Another walker's feed is theirs alone; a forged one is nothing.
    assert client.get(f"/promenader/kalender/{feed_path[:-2]}xx.ics").status_code == 404
    assert client.get("/promenader/kalender/nonsense.ics").status_code == 404


def test_the_same_walk_gives_the_same_calendar_bytes_until_it_changes(app, client):
    """DTSTAMP is the walk's last change, not the time of the request: a calendar program
    polling the file sees no change where there is none."""
    slot_id = make_slot(app, position=(56.0840, 12.9190))
    first = client.get(f"/promenader/{slot_id}.ics").data
    sleep(1.1)  # a DTSTAMP taken from the clock would differ by now
    assert client.get(f"/promenader/{slot_id}.ics").data == first
    (event,) = events(first)
    with app.app_context():
        changed_at = db.session.get(WalkSlot, slot_id).updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP").replace(tzinfo=None) == changed_at
    assert event.decoded("LAST-MODIFIED").replace(tzinfo=None) == changed_at
