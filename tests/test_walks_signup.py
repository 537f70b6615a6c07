"""Signing up for an evening walk through /promenader: the week list, the form, the waiting
list, cancelling with the private link, and every kind of bad input."""
import re
from datetime import time, timedelta

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.walks.models import SignupStatus, WalkSignup
from tests.walk_helpers import make_slot, move_slot, sign_up, signup_data, signups, token_of


def outbox(app):
    with app.app_context():
        return [(m.to_addr, m.subject, m.body_text, [(a.filename, a.content_type) for a in m.attachments])
                for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))]


def count_signups(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(WalkSignup.id)))


def test_the_list_groups_walks_by_week_and_shows_free_places_but_never_names(app, client):
    first = make_slot(app, days=2, capacity=3)
    later = make_slot(app, days=9, capacity=2, area="Folkets park")
    assert sign_up(client, later, name="Hemliga Hedvig", email="hedvig@example.se",
                   phone="070-999 88 77").status_code == 303
    assert sign_up(client, later, name="Sten Sten", email="sten@example.se").status_code == 303

    html = client.get("/promenader").get_data(as_text=True)
    weeks = re.findall(r'<h2 id="week-(\d+)-(\d+)"', html)
    assert len(weeks) == 2 and weeks[0] != weeks[1]
    assert f'href="/promenader/{first}"' in html and f'href="/promenader/{later}"' in html
    assert "Folkets park" in html and "Torget vid fontänen" in html
    assert "kl. 19.00–22.00" in html
    assert html.count('class="places-left"') == 1  # the later walk is full
    for secret in ("Hedvig", "hedvig@example.se", "070-999 88 77", "Sten Sten"):
        assert secret not in html
        assert secret not in client.get(f"/promenader/{later}").get_data(as_text=True)
        assert secret not in client.get(f"/promenader/{later}.ics").get_data(as_text=True)


def test_the_places_left_are_counted_with_plural_forms(app, client):
    slot_id = make_slot(app, capacity=3)
    page = client.get(f"/promenader/{slot_id}").get_data(as_text=True)
    assert re.search(r'class="places-left">[^<]*3', page)
    sign_up(client, slot_id, email="a@example.se")
    sign_up(client, slot_id, email="b@example.se")
    page = client.get(f"/promenader/{slot_id}").get_data(as_text=True)
    assert re.search(r'class="places-left">[^<]*1', page)


def test_the_sign_up_page_shows_the_rules_and_asks_for_age_and_first_walk(app, client):
    slot_id = make_slot(app, min_age=20)
    html = client.get(f"/promenader/{slot_id}").get_data(as_text=True)
    for name in ("name", "email", "phone", "is_first_walk", "confirm_age", "accept_rules"):
        assert f'name="{name}"' in html
    assert 'id="walk-rules-heading"' in html and "112" in html
    assert "20" in html  # the walk's own minimum age


def test_a_sign_up_gets_a_place_a_private_page_and_a_mail_with_the_calendar_file(app, client):
    slot_id = make_slot(app)
    response = sign_up(client, slot_id, email="  Vera@Example.SE ", is_first_walk="yes")
    assert response.status_code == 303
    token = token_of(response)
    (signup,) = signups(app)
    assert signup.status is SignupStatus.CONFIRMED
    assert signup.email == "vera@example.se" and signup.is_first_walk and signup.phone == "070-123 45 67"
    assert token not in (signup.link_key, signup.calendar_key)  # the database holds no link

    page = client.get(f"/promenader/anmalan/{token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert f"/promenader/avboka/{token}" in page.get_data(as_text=True)

    ((to, subject, body, attachments),) = outbox(app)
    assert to == "vera@example.se"
    assert f"https://trygghet.example.se/promenader/avboka/{token}" in body
    assert "https://trygghet.example.se/promenader/kalender/" in body
    assert attachments == [(attachments[0][0], "text/calendar")] and attachments[0][0].endswith(".ics")


def test_a_full_walk_puts_the_next_on_the_waiting_list_who_is_promoted_when_someone_cancels(app, client):
    slot_id = make_slot(app, capacity=2, min_walkers=2)
    tokens = [token_of(sign_up(client, slot_id, email=f"w{n}@example.se", name=f"Walker {n}")) for n in range(4)]
    statuses = [s.status for s in signups(app)]
    assert statuses == [SignupStatus.CONFIRMED] * 2 + [SignupStatus.WAITING] * 2
    page = client.get(f"/promenader/anmalan/{tokens[3]}").get_data(as_text=True)
    status_panel = page.split('class="panel walk-status', 1)[1].split("</div>", 1)[0]
    assert re.search(r"\b2\b", status_panel)  # number 2 on the waiting list
    assert outbox(app)[2][3] == []  # no calendar file for a waiting place

    assert client.get(f"/promenader/avboka/{tokens[0]}").status_code == 200
    response = client.post(f"/promenader/avboka/{tokens[0]}")
    assert response.status_code == 303
    statuses = [s.status for s in signups(app)]
    assert statuses == [SignupStatus.CANCELLED, SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITING]
    assert signups(app)[2].promoted_at is not None
    to, _subject, body, attachments = outbox(app)[-1]
    assert to == "w2@example.se" and f"/promenader/avboka/{tokens[2]}" in body
    assert attachments and attachments[0][1] == "text/calendar"


def test_a_used_or_forged_cancel_link_changes_nothing_and_is_never_a_500(app, client):
    slot_id = make_slot(app)
    token = token_of(sign_up(client, slot_id))
    assert client.post(f"/promenader/avboka/{token}").status_code == 303
    again = client.post(f"/promenader/avboka/{token}")
    assert again.status_code == 409
    assert client.get(f"/promenader/avboka/{token}").status_code == 200
    key, signature = token.split(".")
    for forged in (key + ".AAAA", "x" * 66, key, "." + signature, "a" * 500, "%00"):
        assert client.get(f"/promenader/avboka/{forged}").status_code == 404
        assert client.post(f"/promenader/avboka/{forged}").status_code == 404
    # A walk-report link cannot cancel, and a cancel link cannot open a calendar.
    assert client.get(f"/promenader/kalender/{token}.ics").status_code == 404
    assert len(signups(app)) == 1


def test_the_same_email_cannot_take_two_places_on_one_walk_or_at_the_same_time(app, client):
    slot_id = make_slot(app)
    other = make_slot(app, start=time(21, 0), end=time(23, 0))
    later = make_slot(app, days=4)
    assert sign_up(client, slot_id, email="vera@example.se").status_code == 303
    assert sign_up(client, slot_id, email="VERA@example.se").status_code == 303
    assert sign_up(client, other, email="vera@example.se").status_code == 303
    assert count_signups(app) == 1  # neither gave a second place
    mails = outbox(app)
    assert [to for to, *_rest in mails] == ["vera@example.se"] * 3
    assert "Du har redan en plats på den promenaden" in mails[1][2]
    assert "en promenad vid samma tid" in mails[2][2]
    assert sign_up(client, later, email="vera@example.se").status_code == 303
    assert count_signups(app) == 2


def test_someone_elses_address_shows_nothing_of_their_plans(app, client):
    """Finding 6: email is never verified, so the page after a sign-up must be the same for
    a known and an unknown address, and no private link may appear on it."""
    slot_id = make_slot(app)
    same_time = make_slot(app, start=time(21, 0), end=time(23, 0))
    fresh = make_slot(app, days=5)
    victim = sign_up(client, slot_id, email="vera@example.se", name="Vera")
    attacker = app.test_client()
    answers = [
        attacker.post(f"/promenader/{slot_id}", data=signup_data(email="vera@example.se", name="Mallory")),
        attacker.post(f"/promenader/{same_time}", data=signup_data(email="vera@example.se", name="Mallory")),
        attacker.post(f"/promenader/{fresh}", data=signup_data(email="vera@example.se", name="Mallory")),
        attacker.post(f"/promenader/{slot_id}", data=signup_data(email="nobody@example.se", name="Mallory")),
    ]
    assert [a.status_code for a in answers] == [303] * 4
    assert [a.headers["Location"].rsplit("/", 2)[-1] for a in answers] == ["tack"] * 4
    assert victim.headers["Location"] == answers[0].headers["Location"]
    pages = [attacker.get(a.headers["Location"]).get_data(as_text=True) for a in answers]
    assert pages[0] == pages[3]  # a known and an unknown address: the very same page
    for page in pages:
        assert "Titta i din e-post" in page
        assert "/promenader/kalender/" not in page and "/promenader/anmalan/" not in page
        assert "/promenader/avboka/" not in page and "vera@example.se" not in page
    # The fake sign-up on the fresh walk is real, but its links went to Vera's mailbox only:
    # none of the attacker's responses carried a private link or Vera's calendar key.
    for answer in answers:
        assert "kalender" not in answer.get_data(as_text=True)
    owner_mail = outbox(app)
    assert {to for to, *_rest in owner_mail} == {"vera@example.se", "nobody@example.se"}
    assert all("Mallory" not in body for to, _s, body, _a in owner_mail if to == "vera@example.se"
               and "redan en plats" in body)


def test_after_cancelling_the_same_email_may_sign_up_again(app, client):
    slot_id = make_slot(app)
    token = token_of(sign_up(client, slot_id))
    client.post(f"/promenader/avboka/{token}")
    assert sign_up(client, slot_id).status_code == 303


@pytest.mark.parametrize("overrides, field", [
    ({"confirm_age": None}, "confirm_age"),
    ({"accept_rules": None}, "accept_rules"),
    ({"email": "inte-en-adress"}, "email"),
    ({"email": ""}, "email"),
    ({"email": "a" * 250 + "@example.se"}, "email"),
    ({"name": ""}, "name"),
    ({"name": "N" * 500}, "name"),
    ({"phone": "ring mig"}, "phone"),
    ({"is_first_walk": None}, "is_first_walk"),
    ({"is_first_walk": "kanske"}, "is_first_walk"),
    ({"website": "http://spam.example"}, "website"),
])
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(app, client, overrides, field):
    slot_id = make_slot(app)
    response = sign_up(client, slot_id, **overrides)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "error-summary" in html
    if field != "website":
        assert f'id="{field}-error"' in html
    if overrides.get("name"):
        assert f'value="{overrides["name"]}"' in html  # what was typed is kept
    assert count_signups(app) == 0
    assert outbox(app) == []


def test_hostile_input_is_stored_as_text_and_never_runs(app, client, staff_client):
    slot_id = make_slot(app)
    name = '<script>alert("x")</script><b>Bo</b>'
    assert sign_up(client, slot_id, name=name).status_code == 303
    stored = signups(app)[0].name
    assert "<script>" not in client.get(f"/promenader/{slot_id}").get_data(as_text=True)
    roster = staff_client("coordinator").get(f"/admin/promenader/{slot_id}").get_data(as_text=True)
    assert "<script>alert" not in roster and "&lt;script&gt;" in roster
    assert stored  # kept as typed; escaped wherever it is shown


def test_nul_characters_and_wrong_types_never_give_a_500(app, client):
    slot_id = make_slot(app)
    response = client.post(f"/promenader/{slot_id}", data=signup_data(name="Bo\x00", email="bo@example.se\x00"))
    assert response.status_code in (303, 422)
    response = client.post(f"/promenader/{slot_id}", data={"name": ["a", "b"], "email": ["x"], "is_first_walk": ["yes", "no"]})
    assert response.status_code == 422
    assert client.post("/promenader/999999", data=signup_data()).status_code == 404
    assert client.get("/promenader/abc").status_code == 404


def test_a_cancelled_or_past_walk_takes_no_sign_ups(app, client, staff_client):
    cancelled = make_slot(app)
    coordinator = staff_client("coordinator")
    assert coordinator.post(f"/admin/promenader/{cancelled}/stall-in", data={"reason": "Åska"}).status_code == 303
    past = make_slot(app)
    move_slot(app, past, -timedelta(days=1))
    for slot_id in (cancelled, past):
        page = client.get(f"/promenader/{slot_id}").get_data(as_text=True)
        assert 'id="signup-form"' not in page
        response = sign_up(client, slot_id)
        assert response.status_code == 422
        assert "error-summary" in response.get_data(as_text=True)
    assert count_signups(app) == 0


def test_cancelling_after_the_walk_started_is_refused(app, client):
    slot_id = make_slot(app)
    token = token_of(sign_up(client, slot_id))
    move_slot(app, slot_id, -timedelta(minutes=30))
    assert client.post(f"/promenader/avboka/{token}").status_code == 409
    assert signups(app)[0].status is SignupStatus.CONFIRMED


def test_sign_ups_are_rate_limited_per_address(app, make_app):
    limited = make_app(WALK_RATE_LIMIT="2 per minute", WALK_ATTEMPT_LIMIT="100 per minute")
    client = limited.test_client()
    slot_id = make_slot(app)
    assert sign_up(client, slot_id, email="a@example.se").status_code == 303
    assert sign_up(client, slot_id, email="b@example.se", confirm_age=None).status_code == 422  # not counted
    assert sign_up(client, slot_id, email="c@example.se").status_code == 303
    assert sign_up(client, slot_id, email="d@example.se").status_code == 429
