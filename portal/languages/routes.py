"""Swedish-only pages: lättläst (easy-to-read Swedish) for the three main tasks, and the
national minorities' rights with a short section in each minority language. They are
content in those languages, not translations of the interface, so their text lives in
the templates (templates/languages/) and they have no /en/ or /ar/ version."""
from flask import Blueprint, render_template

bp = Blueprint("languages", __name__)


@bp.route("/lattlast/rapportera")
def easy_report():
    return render_template("languages/easy_report.html")


@bp.route("/lattlast/promenader")
def easy_walk():
    return render_template("languages/easy_walk.html")


@bp.route("/lattlast/folj")
def easy_follow():
    return render_template("languages/easy_follow.html")


@bp.route("/nationella-minoriteter")
def minorities():
    return render_template("languages/minorities.html")
