"""Counting "me too" once per person without keeping who: see models.MeToo."""
import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import with_expression

from portal.extensions import db
from portal.metoo.models import MeToo
from portal.reports.models import Report

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


def with_count():
    """A query option loading each report's "me too" count into Report.me_too_count, in
    the query that loads the reports (a correlated count per row, from the index on
    me_too.report_id)."""
    return with_expression(Report.me_too_count, db.select(func.count(MeToo.id))
                           .where(MeToo.report_id == Report.id).correlate(Report).scalar_subquery())


def count_subquery():
    """(report_id, me_too) per report, to join and sort by in the desk queue."""
    return (db.select(MeToo.report_id, func.count(MeToo.id).label("me_too"))
            .group_by(MeToo.report_id).subquery())
