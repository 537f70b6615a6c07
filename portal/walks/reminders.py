"""Mail that goes by the clock: the reminder the day before, the request for a walk report
afterwards, and the coordinators' warning about walks with too few walkers.

Safe to run as often as you like, from cron (`flask send-reminders`) and from every
worker's mail sender at once: each mail is claimed with an UPDATE … WHERE <sent> IS NULL
and queued in the same transaction, so only the run whose UPDATE changed the row sends it.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal.extensions import db
from portal.mail.services import add_periodic_job
from portal.timeutil import utcnow
from portal.walks import notify, queries
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot


def _claim(table, row_id, column, now, **keep):
    result = db.session.execute(
        update(table)
        .where(table.c.id == row_id, table.c[column].is_(None))
        .values({column: now, **keep})
    )
    return result.rowcount == 1


def _each_claimed(ids, column, now, send, table=WalkSignup.__table__, **keep):
    """Claim and send one at a time, each in its own transaction; returns how many went."""
    sent = 0
    for row_id in ids:
        try:
            if _claim(table, row_id, column, now, **keep):
                send(row_id)
                sent += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return sent


def due_reminders(now):
    hours = current_app.config["WALK_REMINDER_HOURS"]
    return db.session.scalars(
        select(WalkSignup.id)
        .join(WalkSlot)
        .where(
            WalkSignup.status == SignupStatus.CONFIRMED,
            WalkSignup.reminder_sent_at.is_(None),
            WalkSlot.cancelled_at.is_(None),
            WalkSlot.starts_at > now,
            WalkSlot.starts_at <= now + timedelta(hours=hours),
        )
        .order_by(WalkSignup.id)
    ).all()


def due_report_requests(now):
    days = current_app.config["WALK_REPORT_REQUEST_DAYS"]
    return db.session.scalars(
        select(WalkSignup.id)
        .join(WalkSlot)
        .where(
            WalkSignup.status == SignupStatus.CONFIRMED,
            WalkSignup.report_request_sent_at.is_(None),
            WalkSignup.attended.is_not(False),
            WalkSlot.cancelled_at.is_(None),
            WalkSlot.ends_at <= now,
            WalkSlot.ends_at > now - timedelta(days=days),
        )
        .order_by(WalkSignup.id)
    ).all()


def send_due(now=None):
    """Send whatever is due; returns the counts."""
    now = now or utcnow()
    reminders = _each_claimed(
        due_reminders(now), "reminder_sent_at", now,
        lambda signup_id: notify.reminder(db.session.get(WalkSignup, signup_id)),
    )
    requests = _each_claimed(
        due_report_requests(now), "report_request_sent_at", now,
        lambda signup_id: notify.report_request(db.session.get(WalkSignup, signup_id)),
    )
    short = {slot.id: confirmed for slot, confirmed in queries.under_minimum(now)
             if slot.under_minimum_notified_at is None}
    slot_table = WalkSlot.__table__
    warnings = _each_claimed(
        list(short), "under_minimum_notified_at", now,
        lambda slot_id: notify.under_minimum(db.session.get(WalkSlot, slot_id), short[slot_id]),
        table=slot_table, updated_at=slot_table.c.updated_at,  # not a change of the walk
    )
    return {"reminders": reminders, "report_requests": requests, "under_minimum": warnings}


def init_app(app):
    """Walk mail goes out with every round of the running portal's mail sender, too."""
    add_periodic_job(app, send_due)
