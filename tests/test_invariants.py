"""Rules the database holds as well as the services (migration e_invariants): a row that
breaks one is refused on SQLite and PostgreSQL alike, whatever code writes it."""
from datetime import datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.mail.models import OutboxAttachment, OutboxMessage
from portal.reports.models import Report, ReportStatus
from portal.walks.models import SignupStatus, WalkSignup
from tests.walk_helpers import make_slot, sign_up

WHEN = datetime(2026, 6, 1, 8)


def refused(app, statement, **params):
    """True when the database refuses the statement (and nothing is changed)."""
    with app.app_context():
        try:
            db.session.execute(text(statement), params)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return True
        return False


@pytest.mark.parametrize("change", [
    "status = 'fixed'",  # closed without closed_at
    "status = 'rejected'",
    "closed_at = :when",  # open with closed_at
    "status = 'duplicate', closed_at = :when",  # a duplicate of nothing
    "duplicate_of_id = id",  # of itself, and not with the duplicate status
    "is_published = true",  # published without published_at
    "published_at = :when",  # a publication time on an unpublished report
])
def test_a_report_that_breaks_a_rule_is_refused(app, make_report, change):
    report_id, _token = make_report()
    assert refused(app, f"UPDATE report SET {change} WHERE id = :id", id=report_id, when=WHEN)
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert (report.status, report.closed_at, report.is_published) == (
            ReportStatus.RECEIVED, None, False)


def test_reports_that_keep_the_rules_are_stored(app, make_report):
    original_id, _token = make_report(publish=True)
    report_id, _token = make_report()
    assert not refused(app, "UPDATE report SET status = 'fixed', closed_at = :when WHERE id = :id",
                       id=original_id, when=WHEN)
    assert not refused(app, "UPDATE report SET status = 'duplicate', closed_at = :when, "
                            "duplicate_of_id = :original WHERE id = :id",
                       id=report_id, original=original_id, when=WHEN)
    # … and a duplicate cannot be reopened without ending the link.
    assert refused(app, "UPDATE report SET status = 'confirmed', closed_at = NULL WHERE id = :id",
                   id=report_id)
    assert refused(app, "UPDATE report SET duplicate_of_id = id WHERE id = :id", id=report_id)


def test_one_active_place_per_email_and_walk(app, client):
    slot_id = make_slot(app, days=5)
    other_id = make_slot(app, days=12)
    assert sign_up(client, slot_id).status_code == 303
    copy = ("INSERT INTO walk_signup (slot_id, name, email, is_first_walk, status, created_at, "
            "link_key, calendar_key) SELECT :slot, name, email, is_first_walk, :status, "
            "created_at, :key, calendar_key FROM walk_signup "
            "WHERE slot_id = :from_slot AND status = 'confirmed'")
    assert refused(app, copy, slot=slot_id, status="waiting", key="a" * 32, from_slot=slot_id)
    assert refused(app, copy, slot=slot_id, status="confirmed", key="b" * 32, from_slot=slot_id)
    # A cancelled place does not count, and another walk is another walk.
    assert not refused(app, copy, slot=slot_id, status="cancelled", key="c" * 32,
                       from_slot=slot_id)
    assert not refused(app, copy, slot=other_id, status="confirmed", key="d" * 32,
                       from_slot=slot_id)
    with app.app_context():
        statuses = db.session.scalars(db.select(WalkSignup.status).order_by(WalkSignup.id)).all()
    assert statuses == [SignupStatus.CONFIRMED, SignupStatus.CANCELLED, SignupStatus.CONFIRMED]


def test_deleting_a_mail_deletes_its_attachments(app):
    with app.app_context():
        message = OutboxMessage(to_addr="a@example.se", subject="Promenad", body_text="Hej",
                                created_at=WHEN, next_attempt_at=WHEN)
        message.attachments.append(
            OutboxAttachment(filename="promenad.ics", content_type="text/calendar", data=b"x"))
        db.session.add(message)
        db.session.commit()
        message_id = message.id
        with db.engine.connect() as conn:
            if conn.dialect.name == "sqlite":  # SQLite enforces foreign keys only when asked
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.execute(text("DELETE FROM outbox_message WHERE id = :id"), {"id": message_id})
            left = conn.scalar(text("SELECT count(*) FROM outbox_attachment"))
            conn.commit()
        assert left == 0


def test_the_models_declare_the_constraints_the_migrations_made(app):
    """compare_metadata (test_site) leaves out CHECK constraints and ON DELETE: compare here."""
    with app.app_context():
        found = inspect(db.engine)
        for table in ("report", "walk_signup"):
            declared = {c.name for c in db.metadata.tables[table].constraints
                        if c.__class__.__name__ == "CheckConstraint"}
            assert declared <= {c["name"] for c in found.get_check_constraints(table)}
        indexes = {i["name"]: i for i in found.get_indexes("walk_signup")}
        assert indexes["uq_walk_signup_active_email"]["unique"]
        (foreign_key,) = found.get_foreign_keys("outbox_attachment")
        assert foreign_key["options"].get("ondelete") == "CASCADE"
        model_fk = next(iter(OutboxAttachment.__table__.c.message_id.foreign_keys))
        assert model_fk.ondelete == "CASCADE"
