"""Mail by the clock: the reminder the day before and the walk-report request afterwards go
once per walker and walk however often `flask send-reminders` runs (also two runs at once),
coordinators hear once about a walk with too few walkers, and the running portal's mail
sender does all of it without a command."""
import re
import threading
import time
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import start_background_sender
from portal.walks.models import WalkReport, WalkSignup
from portal.walks.reminders import send_due
from tests.walk_helpers import make_slot, move_slot, sign_up, signups, token_of


@pytest.fixture
def app_config(app_config, smtp_server):  # every test here has a mail server
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return app_config


def mails(app):
    with app.app_context():
        return [(m.to_addr, m.subject, m.body_text) for m in db.session.scalars(
            db.select(OutboxMessage).order_by(OutboxMessage.id))]


def run(app):
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_reminder_goes_once_the_day_before_however_often_the_command_runs(app, client):
    slot_id = make_slot(app, days=5)
    token = token_of(sign_up(client, slot_id, email="a@example.se"))
    sign_up(client, slot_id, email="b@example.se")
    confirmations = len(mails(app))
    run(app)
    assert len(mails(app)) == confirmations  # five days ahead: not yet
    move_slot(app, slot_id, timedelta(hours=20))
    for _ in range(3):
        run(app)
    reminders = mails(app)[confirmations:]
    assert sorted(to for to, _s, _b in reminders) == ["a@example.se", "b@example.se"]
    assert any(f"/promenader/avboka/{token}" in body for _to, _s, body in reminders)
    assert all(s.reminder_sent_at is not None for s in signups(app))


def test_no_reminder_for_a_cancelled_place_a_cancelled_walk_or_a_waiting_place(app, client, staff_client):
    slot_id = make_slot(app, days=5, capacity=2)
    client.post(f"/promenader/avboka/{token_of(sign_up(client, slot_id, email='gone@example.se'))}")
    sign_up(client, slot_id, email="a@example.se")
    sign_up(client, slot_id, email="b@example.se")
    sign_up(client, slot_id, email="waiting@example.se")
    other = make_slot(app, days=6)
    sign_up(client, other, email="c@example.se")
    staff_client("coordinator").post(f"/admin/promenader/{other}/stall-in", data={"reason": "Regn"})
    move_slot(app, slot_id, timedelta(hours=20))
    move_slot(app, other, timedelta(hours=20), hours=2)
    before = len(mails(app))
    with app.app_context():
        assert send_due()["reminders"] == 2
    assert sorted(to for to, _s, _b in mails(app)[before:]) == ["a@example.se", "b@example.se"]


def test_a_place_given_within_a_day_of_the_walk_needs_no_separate_reminder(app, client):
    slot_id = make_slot(app, days=5)
    move_slot(app, slot_id, timedelta(hours=6))
    sign_up(client, slot_id)
    with app.app_context():
        assert send_due()["reminders"] == 0


def test_two_runs_at_the_same_time_send_each_reminder_once(app, make_app, client):
    slot_id = make_slot(app, days=5, capacity=10)
    for n in range(8):
        sign_up(client, slot_id, email=f"w{n}@example.se")
    move_slot(app, slot_id, timedelta(hours=12))
    before = len(mails(app))
    workers = [make_app(), make_app()]
    barrier = threading.Barrier(len(workers))
    results, errors = [], []

    def work(worker):
        try:
            with worker.app_context():
                barrier.wait(5)
                results.append(send_due()["reminders"])
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sum(results) == 8
    reminders = mails(app)[before:]
    assert sorted(to for to, _s, _b in reminders) == sorted(f"w{n}@example.se" for n in range(8))


def test_after_the_walk_each_walker_who_had_a_place_is_asked_once_for_a_walk_report(app, client, staff_client):
    slot_id = make_slot(app, days=5)
    sign_up(client, slot_id, email="came@example.se")
    sign_up(client, slot_id, email="absent@example.se")
    move_slot(app, slot_id, -timedelta(hours=5))
    coordinator = staff_client("coordinator")
    came, absent = (s.id for s in signups(app))
    coordinator.post(f"/admin/promenader/{slot_id}/narvaro", data={f"came-{came}": "yes", f"came-{absent}": "no"})
    before = len(mails(app))
    run(app)
    run(app)
    requests = mails(app)[before:]
    assert [to for to, _s, _b in requests] == ["came@example.se"]
    link = "/promenader/rapport/" + requests[0][2].split("/promenader/rapport/", 1)[1].split()[0]

    page = client.get(link)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert 'name="areas_walked"' in page.get_data(as_text=True)
    bad = client.post(link, data={"areas_walked": "", "youths_met": "många"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="areas_walked-error"' in html and 'id="youths_met-error"' in html
    response = client.post(link, data={
        "areas_walked": "Centrum, stationen", "youths_met": "15",
        "observations": "Samling vid skateparken, <b>glaskross</b>.", "incidents": "",
        "police_called": "y", "free_text": "",
    })
    assert response.status_code == 303
    assert client.post(link, data={"areas_walked": "igen"}).status_code == 409
    with app.app_context():
        (walk_report,) = db.session.scalars(db.select(WalkReport)).all()
        assert walk_report.youths_met == 15 and walk_report.police_called and not walk_report.emergency_called
        assert walk_report.observations == "Samling vid skateparken, glaskross."
    # The cancel link cannot open the report form, nor the report link cancel.
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/promenader/avboka/{token}").status_code == 404


def test_the_report_form_waits_until_the_walk_has_started(app, client):
    slot_id = make_slot(app, days=5)
    sign_up(client, slot_id)
    with app.app_context():
        from portal.walks import tokens

        token = tokens.make("report", db.session.scalar(db.select(WalkSignup.link_key)))
    assert 'name="areas_walked"' not in client.get(f"/promenader/rapport/{token}").get_data(as_text=True)
    assert client.post(f"/promenader/rapport/{token}", data={"areas_walked": "Centrum"}).status_code == 409


def test_coordinators_hear_once_about_a_walk_with_too_few_walkers(app, client, make_user):
    make_user("coordinator", email="samordnare@bjuv.example")
    make_user("handler", email="handlaggare@bjuv.example", departments=["skola"])
    app.config["WALK_ATTENTION_DAYS"] = 3
    short = make_slot(app, days=2, min_walkers=3)
    sign_up(client, short)
    enough = make_slot(app, days=1, capacity=3, min_walkers=2)
    sign_up(client, enough, email="a@example.se")
    sign_up(client, enough, email="b@example.se")
    later = make_slot(app, days=10)
    assert "1" in run(app)
    run(app)
    warnings = [m for m in mails(app) if m[0] == "samordnare@bjuv.example"]
    assert len(warnings) == 1
    # Only the walk under its minimum within the days: not the one with enough walkers,
    # nor the empty one further ahead.
    assert re.findall(r"/admin/promenader/(\d+)", warnings[0][2]) == [str(short)]
    assert "vera@example.se" not in warnings[0][2]
    assert not [m for m in mails(app) if m[0] == "handlaggare@bjuv.example"]
    app.config["WALK_ATTENTION_DAYS"] = 11  # now the empty walk further ahead is near too
    run(app)
    warnings = [m for m in mails(app) if m[0] == "samordnare@bjuv.example"]
    assert len(warnings) == 2
    assert re.findall(r"/admin/promenader/(\d+)", warnings[1][2]) == [str(later)]


def run_sender_until(worker, smtp_server, count):
    """Run a worker's background mail sender until `count` mails arrived (10 s at most)."""
    sender = start_background_sender(worker)
    try:
        deadline = time.monotonic() + 10
        while len(smtp_server.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        sender.stop()


def test_the_running_portal_sends_reminders_without_any_command(app, make_app, client, smtp_server):
    slot_id = make_slot(app, days=5)
    sign_up(client, slot_id, email="a@example.se")
    move_slot(app, slot_id, timedelta(hours=10))
    run_sender_until(make_app(MAIL_POLL_SECONDS=0.2), smtp_server, 2)
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert len(subjects) == 2  # the confirmation and the reminder
    assert all(m["To"] == "a@example.se" for m in smtp_server.messages)
    assert any(part.get_content_type() == "text/calendar" for m in smtp_server.messages for part in m.iter_attachments())


def test_a_failing_job_does_not_stop_mail_delivery(app, make_app, make_report, smtp_server):
    from portal.mail.services import add_periodic_job
    from portal.reports.services import Contact

    worker = make_app(MAIL_POLL_SECONDS=0.2)

    def broken():
        raise RuntimeError("boom")

    add_periodic_job(worker, broken)
    make_report(contact=Contact("Ada", "ada@example.se", None, False))
    run_sender_until(worker, smtp_server, 1)
    assert len(smtp_server.messages) == 1
