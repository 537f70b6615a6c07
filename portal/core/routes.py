"""The front page, the pages Swedish law requires, and the health check."""
from datetime import date

from flask import Blueprint, current_app, render_template
from sqlalchemy import text

from portal.events.routes import event_feeds, upcoming_events
from portal.extensions import db
from portal.feeds import latest
from portal.news.routes import latest_news, news_feeds

bp = Blueprint("core", __name__)


@bp.route("/")
def index():
    news = latest_news(3)
    events = upcoming_events(3)
    return render_template(
        "core/index.html",
        news=news,
        events=events,
        feeds=news_feeds() + event_feeds(),
        page_changed=latest(*(entry.changed_at for entry in news + events)),
    )


@bp.route("/tillganglighet")
def accessibility():
    config = current_app.config
    updated_on = date.fromisoformat(config["ACCESSIBILITY_STATEMENT_UPDATED_ON"])
    return render_template(
        "core/accessibility.html",
        assessed_on=date.fromisoformat(config["ACCESSIBILITY_ASSESSED_ON"]),
        updated_on=updated_on,
        compliance=config["ACCESSIBILITY_COMPLIANCE"],
        page_changed=updated_on,
    )


@bp.route("/integritet")
def privacy():
    # The notice's date is the municipality's to set, as the statement's is (see config.py).
    changed = date.fromisoformat(current_app.config["PRIVACY_NOTICE_UPDATED_ON"])
    return render_template("core/privacy.html", page_changed=changed)


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure is the answer, not an error page
        db.session.rollback()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
