"""Events: editors add them, residents see upcoming ones and take them to their calendar."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.audit.models import AuditEntry
from portal.events.models import Event
from portal.extensions import db
from tests.content import editor, editor_id, make_event  # noqa: F401 (fixtures)

YEAR = datetime.now().year + 1  # a summer ahead (pytz, under Babel, knows no DST after 2037)


def event_form(**overrides):
    data = {
        "title": "Trygghetsvandring i centrum",
        "starts_at": f"{YEAR}-06-26 19:00",
        "ends_at": f"{YEAR}-06-26 22.00",
        "place": "Stationen, Bjuv",
        "description": "Vi går **tillsammans**.\n\n<script>window.__xss = 1</script><a href=\"javascript:alert(1)\">x</a>",
        "action": "publish",
    }
    data.update(overrides)
    return data


def saved(app):
    with app.app_context():
        return db.session.scalars(db.select(Event).order_by(Event.id)).all()


def test_an_editor_publishes_an_event_residents_can_take_to_their_calendar(app, client, editor):
    response = editor.post("/admin/evenemang/nytt", data=event_form())
    assert response.status_code == 303
    [event] = saved(app)
    assert (event.starts_at, event.ends_at) == (datetime(YEAR, 6, 26, 17, 0), datetime(YEAR, 6, 26, 20, 0))
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.like("event_%")))
        assert list(actions) == ["event_created", "event_published"]

    listing = client.get("/evenemang").get_data(as_text=True)
    assert f'href="/evenemang/{event.id}"' in listing and f"26 juni {YEAR} kl. 19.00–22.00" in listing
    page = client.get(f"/evenemang/{event.id}").get_data(as_text=True)
    assert "Stationen, Bjuv" in page and "<strong>tillsammans</strong>" in page
    body = page.split('<div class="news-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "__xss" not in body and "javascript:" not in body
    assert f'href="/evenemang/{event.id}.ics"' in page

    response = client.get(f"/evenemang/{event.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    [entry] = calendar.walk("VEVENT")
    stockholm = ZoneInfo("Europe/Stockholm")
    assert entry.decoded("dtstart") == datetime(YEAR, 6, 26, 19, 0, tzinfo=stockholm)
    assert entry.decoded("dtend") == datetime(YEAR, 6, 26, 22, 0, tzinfo=stockholm)
    assert str(entry["location"]) == "Stationen, Bjuv" and str(entry["status"]) == "CONFIRMED"
    assert str(entry["url"]) == f"https://trygghet.example.se/evenemang/{event.id}"
    assert "__xss" not in str(entry["description"])
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Stockholm"


@pytest.mark.parametrize("field, value", [
    ("title", ""), ("starts_at", ""), ("starts_at", "26 juni 19:00"), ("starts_at", f"{YEAR}-13-01 19:00"),
    ("ends_at", f"{YEAR}-06-26 18:00"), ("place", ""), ("description", " "), ("title", "x" * 201),
])
def test_bad_input_is_refused_at_the_field(app, editor, field, value):
    response = editor.post("/admin/evenemang/nytt", data=event_form(**{field: value}))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'id="{field}-error"', html) and 'class="error-summary"' in html
    assert "Stationen, Bjuv" in html or field == "place"
    assert saved(app) == []


def test_a_draft_is_not_public(app, client, editor):
    editor.post("/admin/evenemang/nytt", data=event_form(action="draft"))
    [event] = saved(app)
    for url in (f"/evenemang/{event.id}", f"/evenemang/{event.id}.ics"):
        assert client.get(url).status_code == 404
    assert "Trygghetsvandring" not in client.get("/evenemang").get_data(as_text=True)
    assert "Trygghetsvandring" not in client.get("/evenemang/rss.xml").get_data(as_text=True)
    assert client.get("/evenemang/999").status_code == 404


def test_past_events_leave_the_list_but_keep_their_page(app, client, editor_id):
    past_id = make_event(app, editor_id, title="Ett möte som varit", starts_in=timedelta(days=-2))
    coming_id = make_event(app, editor_id, title="Ett kommande möte")
    upcoming = client.get("/evenemang").get_data(as_text=True)
    assert f'/evenemang/{coming_id}"' in upcoming and f'/evenemang/{past_id}"' not in upcoming
    assert f'/evenemang/{past_id}"' in client.get("/evenemang?visa=tidigare").get_data(as_text=True)
    page = client.get(f"/evenemang/{past_id}").get_data(as_text=True)
    assert f"/evenemang/{past_id}.ics" not in page and 'id="page-changed"' in page


def test_a_change_tells_calendars_and_a_cancellation_is_shown(app, client, editor, editor_id):
    event_id = make_event(app, editor_id)
    assert str(Calendar.from_ical(client.get(f"/evenemang/{event_id}.ics").data).walk("VEVENT")[0]["sequence"]) == "0"
    response = editor.post(f"/admin/evenemang/{event_id}", data=event_form(action="save", is_cancelled="y"))
    assert response.status_code == 303
    entry = Calendar.from_ical(client.get(f"/evenemang/{event_id}.ics").data).walk("VEVENT")[0]
    assert str(entry["status"]) == "CANCELLED" and int(str(entry["sequence"])) == 1
    page = client.get(f"/evenemang/{event_id}").get_data(as_text=True)
    assert "notice--urgent" in page
    with app.app_context():
        assert db.session.scalar(db.select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "event_changed"


def test_unpublishing_an_event(app, client, editor, editor_id):
    event_id = make_event(app, editor_id)
    assert editor.post(f"/admin/evenemang/{event_id}/avpublicera").status_code == 303
    assert client.get(f"/evenemang/{event_id}").status_code == 404
    assert editor.get(f"/admin/evenemang/{event_id}").status_code == 200


def test_a_button_that_does_not_fit_the_state_is_refused(app, editor, editor_id):
    event_id = make_event(app, editor_id)
    assert editor.post(f"/admin/evenemang/{event_id}", data=event_form(action="publish")).status_code == 400
    assert editor.post("/admin/evenemang/nytt", data=event_form(action="save")).status_code == 400
    assert editor.post("/admin/evenemang/nytt", data=event_form(action="ta-bort-allt")).status_code == 400
