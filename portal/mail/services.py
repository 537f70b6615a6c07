"""Queue mail with the change that causes it; deliver it later, retrying with back-off."""
import logging
import smtplib
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

from flask import current_app, render_template
from sqlalchemy import event, or_, update

from portal import i18n
from portal.extensions import db
from portal.mail.models import OutboxAttachment, OutboxMessage
from portal.timeutil import utcnow

log = logging.getLogger(__name__)

CLAIM_SECONDS = 300
# `with mail.in_language(report.locale): mail.enqueue(…)`: subject, body, dates and links
# in the language of the person the mail goes to.
in_language = i18n.in_language
_wake = threading.Event()


def enqueue(to_addr, subject, template, attachments=(), list_unsubscribe=None, **context):
    """Add a mail to the outbox in the current transaction; it goes once that commits.

    `template` is a text template under templates/mail/; `attachments` are
    (filename, content_type, bytes) triples; `list_unsubscribe` an absolute URL that ends
    what the mail is about with one POST (RFC 8058 headers). The mail is in the language being
    rendered: call it (and make its subject) inside `in_language(person.locale)` when the person
    is not the one making the request; the outbox keeps that language for Content-Language.
    """
    message = OutboxMessage(
        to_addr=to_addr,
        subject=subject,
        body_text=render_template(template, **context),
        list_unsubscribe=list_unsubscribe,
        locale=i18n.current().locale,
    )
    for filename, content_type, data in attachments:
        message.attachments.append(
            OutboxAttachment(filename=filename, content_type=content_type, data=data)
        )
    db.session.add(message)
    db.session.info["outbox_dirty"] = True
    db.session.flush()
    return message


def _wake_sender(session):
    if session.info.pop("outbox_dirty", False):
        _wake.set()


def listen_to_sessions():
    """A commit that queued mail wakes this process's sender at once (on `db.session` only)."""
    if not event.contains(db.session, "after_commit", _wake_sender):
        event.listen(db.session, "after_commit", _wake_sender)


def _backoff(attempts):
    """1, 2, 4 … minutes after each failure, at most six hours."""
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def _claim_due(now, limit):
    """Claim due messages for this sender; a row another sender holds is skipped.

    Claiming counts the attempt, so a message that crashes its sender (or never leaves
    it) still runs out of attempts; one whose last claim lapsed with none left fails.
    """
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    lapsed = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.attempts >= max_attempts, lapsed)
        .values(failed_at=now, claimed_until=None)
    )
    due = db.session.scalars(
        db.select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            lapsed,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for message_id in due:
        result = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                lapsed,
            )
            .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
                    attempts=OutboxMessage.attempts + 1)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def _to_email(message, sender):
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.to_addr
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    if message.list_unsubscribe:
        mail["List-Unsubscribe"] = f"<{message.list_unsubscribe}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(message.body_text)
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        mail.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    # The one place that says which language a mail is in (RFC 3282); last, because
    # set_content and add_attachment move or drop the Content-* headers set before them.
    mail["Content-Language"] = i18n.for_locale(message.locale).tag
    return mail


def _connect(config):
    cls = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = cls(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
    if config["MAIL_USE_TLS"]:
        smtp.starttls()
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def deliver_pending(limit=100):
    """Send what is due; returns (sent, failed). Each message is committed on its own, and
    one that cannot be sent never holds up the others."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        return 0, 0
    claimed = _claim_due(utcnow(), limit)
    if not claimed:
        return 0, 0
    sent = failed = 0
    smtp = None
    try:
        for message_id in claimed:
            message = db.session.get(OutboxMessage, message_id)
            try:
                mail = _to_email(message, config["MAIL_DEFAULT_SENDER"])
            except Exception as exc:  # a header with a line break, say: no retry mends it
                failed += 1
                _record_failure(message, exc, permanent=True)
                db.session.commit()
                continue
            try:
                if smtp is None:
                    smtp = _connect(config)
                smtp.send_message(mail)
            except (smtplib.SMTPException, OSError) as exc:
                failed += 1
                _record_failure(message, exc, permanent=_is_permanent(exc))
                if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                    smtp = None
            else:
                sent += 1
                message.sent_at = utcnow()
                message.claimed_until = None
            db.session.commit()
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return sent, failed


def _is_permanent(exc):
    """The server refused this message for good (5xx for its recipient or content); a
    refusal of the connection, the sender or the login is the server's, and retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _record_failure(message, exc, permanent=False):
    """The attempt was counted when the message was claimed."""
    now = utcnow()
    message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    message.claimed_until = None
    if permanent or message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        message.failed_at = now
        log.error("Gave up on mail %s after %s attempts: %s", message.id, message.attempts,
                  message.last_error)
    else:
        message.next_attempt_at = now + _backoff(message.attempts)
        log.warning("Mail %s failed (%s); retrying later", message.id, message.last_error)


def add_periodic_job(app, job):
    """Let a feature queue mail by the clock (walk reminders): `job()` runs in an app
    context before each delivery round, so what it queues goes out in that round."""
    app.extensions.setdefault("mail_periodic_jobs", []).append(job)


def run_periodic_jobs(app):
    for job in app.extensions.get("mail_periodic_jobs", ()):
        try:
            job()
        except Exception:  # one feature's failure never stops the delivery of mail
            log.exception("Periodic mail job %s failed", getattr(job, "__name__", job))
            db.session.rollback()


class BackgroundSender(threading.Thread):
    """Delivers pending mail while the portal runs, one thread per worker process.

    Claims keep several workers from sending the same message; a commit that queued mail
    wakes the thread at once, otherwise it looks every MAIL_POLL_SECONDS.
    """

    def __init__(self, app):
        super().__init__(name="outbox-sender", daemon=True)
        self.app = app
        self._stopping = threading.Event()

    def run(self):
        while not self._stopping.is_set():
            _wake.wait(self.app.config["MAIL_POLL_SECONDS"])
            _wake.clear()
            if self._stopping.is_set():
                break
            with self.app.app_context():
                run_periodic_jobs(self.app)
                try:
                    deliver_pending()
                except Exception:  # keep the sender alive; the outbox keeps the mail
                    log.exception("Mail delivery round failed")
                    db.session.rollback()
                finally:
                    db.session.remove()

    def stop(self):
        self._stopping.set()
        _wake.set()
        self.join(10)


def start_background_sender(app):
    """Start the sender when a mail server is configured; returns it, or None."""
    if not app.config["MAIL_SERVER"]:
        app.logger.info("No MAIL_SERVER: mail waits in the outbox.")
        return None
    sender = BackgroundSender(app)
    sender.start()
    return sender
