"""Counting "me too" once per person without keeping who: see models.MeToo."""
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.metoo.models import MeToo

COOKIE = "jag_ocksa"


def new_voter_id():
    return secrets.token_urlsafe(24)


def keyed(*parts):
    """A keyed hash (HMAC with SECRET_KEY): the same person gives the same value, and the
    value cannot be turned back into the cookie or address it came from."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:64]


def vote(report, voter_id):
    """Count one "me too"; False when this person has already said it about this report."""
    try:
        with db.session.begin_nested():
            db.session.add(MeToo(report_id=report.id, voter=keyed("metoo", report.id, voter_id)))
    except IntegrityError:
        return False
    return True


def count(report_id):
    return db.session.scalar(db.select(func.count(MeToo.id)).where(MeToo.report_id == report_id)) or 0


def counts(report_ids):
    """report id → count, for a page of reports (one query)."""
    if not report_ids:
        return {}
    rows = db.session.execute(db.select(MeToo.report_id, func.count(MeToo.id))
                              .where(MeToo.report_id.in_(list(report_ids))).group_by(MeToo.report_id))
    return dict(rows.all())


def count_subquery():
    """(report_id, me_too) per report, to join and sort by in the desk queue."""
    return (db.select(MeToo.report_id, func.count(MeToo.id).label("me_too"))
            .group_by(MeToo.report_id).subquery())
