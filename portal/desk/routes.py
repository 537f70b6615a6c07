"""The coordinator's desk: what needs attention, the queue and the case page."""
from flask import Blueprint, render_template

from portal.accounts.permissions import staff_required

bp = Blueprint("desk", __name__, url_prefix="/admin")


@bp.route("/")
@staff_required()
def dashboard():
    return render_template("desk/dashboard.html")
