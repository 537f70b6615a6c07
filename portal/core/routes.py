"""The front page, the pages Swedish law requires, and the health check."""
from datetime import date

from flask import Blueprint, current_app, render_template
from sqlalchemy import text

from portal.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
def index():
    return render_template("core/index.html")


@bp.route("/tillganglighet")
def accessibility():
    config = current_app.config
    return render_template(
        "core/accessibility.html",
        assessed_on=date.fromisoformat(config["ACCESSIBILITY_ASSESSED_ON"]),
        updated_on=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_UPDATED_ON"]),
        compliance=config["ACCESSIBILITY_COMPLIANCE"],
    )


@bp.route("/integritet")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/nyheter")
def news():
    return render_template("core/news.html")


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure is the answer, not an error page
        db.session.rollback()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
