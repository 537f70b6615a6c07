"""The outbox: receipts go out through a real SMTP server, failures are retried, nothing is lost."""
import time
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.mail.services import deliver_pending, start_background_sender
from portal.reports.services import Contact
from tests.conftest import free_port

ADA = Contact(name="Ada", email="ada@example.se", phone=None, wants_replies=True)


@pytest.fixture
def app_config(app_config, smtp_server):  # every test here has a mail server
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return app_config


def test_receipt_is_queued_with_the_report_and_sent_by_the_command(app, make_report, smtp_server):
    report_id, token = make_report(contact=ADA)
    assert smtp_server.messages == []  # queued, not sent inside the request
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "Skickade: 1" in result.output
    (to, subject, body), = smtp_server.bodies()
    assert to == "ada@example.se"
    assert "TR-" in subject
    assert f"https://trygghet.example.se/arende/{token}" in body
    assert app.test_cli_runner().invoke(args=["send-mail"]).output.startswith("Skickade: 0")


def test_anonymous_report_sends_no_mail(app, make_report):
    make_report(contact=None)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_failed_delivery_is_retried_later_and_the_mail_kept(app, make_report, smtp_server):
    make_report(contact=ADA)
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    with app.app_context():
        assert deliver_pending() == (0, 1)
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.attempts == 1 and message.sent_at is None
        assert "ConnectionRefused" in message.last_error
        assert message.next_attempt_at > message.created_at
        assert deliver_pending() == (0, 0)  # not due yet: back-off

        app.config["MAIL_PORT"] = smtp_server.port
        message.next_attempt_at -= timedelta(hours=1)
        db.session.commit()
        assert deliver_pending() == (1, 0)
    assert len(smtp_server.messages) == 1


def test_gives_up_after_max_attempts_but_keeps_the_row(app, make_report):
    make_report(contact=ADA)
    app.config.update(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=1)
    with app.app_context():
        deliver_pending()
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.failed_at is not None and message.sent_at is None


def test_running_portal_sends_pending_mail_without_a_command(make_app, make_report, smtp_server):
    app = make_app(MAIL_POLL_SECONDS=0.2)
    sender = start_background_sender(app)
    try:
        make_report(contact=ADA)
        deadline = time.monotonic() + 10
        while not smtp_server.messages and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        sender.stop()
    assert len(smtp_server.messages) == 1


def test_send_mail_without_a_server_says_so(app):
    app.config["MAIL_SERVER"] = None
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "Ingen e-postserver" in result.output


def test_an_unsendable_mail_fails_at_once_and_holds_up_no_other(app, make_report, smtp_server):
    """A line break in a subject (from a department's name, say) can never be sent."""
    make_report(contact=ADA)
    with app.app_context():
        bad = OutboxMessage(to_addr="handlaggare@bjuv.example", subject="Ny rapport till Skola\nBcc: x@example.se",
                            body_text="Text")
        db.session.add(bad)
        db.session.commit()
        assert deliver_pending() == (1, 1)
        db.session.refresh(bad)
        assert bad.failed_at is not None and bad.attempts == 1 and "ValueError" in bad.last_error
        assert deliver_pending() == (0, 0)  # never tried again
    assert [to for to, _subject, _body in smtp_server.bodies()] == ["ada@example.se"]


def test_every_claim_counts_as_an_attempt(app, make_report):
    """A message whose sender dies mid-send (the claim lapses) still runs out of attempts."""
    from portal.mail.services import _claim_due
    from portal.timeutil import utcnow

    make_report(contact=ADA)
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    with app.app_context():
        for _ in range(2):
            [message_id] = _claim_due(utcnow(), 10)  # … and the sender crashes
            message = db.session.get(OutboxMessage, message_id)
            message.claimed_until = utcnow() - timedelta(seconds=1)
            db.session.commit()
        assert _claim_due(utcnow(), 10) == []
        message = db.session.get(OutboxMessage, message_id)
        assert message.attempts == 2 and message.failed_at is not None and message.sent_at is None
