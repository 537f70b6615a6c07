"""CSV export of reports for a period, for staff; every export is itself logged."""
from flask import Blueprint, Response
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.http import no_store
from portal.exports import services
from portal.exports.forms import ExportForm
from portal.extensions import db
from portal.views import render_form

bp = Blueprint("exports", __name__, url_prefix="/admin")


@bp.route("/export", methods=["GET", "POST"])
@staff_required(Role.HANDLER)
def reports():
    form = ExportForm()
    if form.validate_on_submit():
        export = services.export_reports(
            current_user,
            form.date_from.data,
            form.date_to.data,
            form.include_contact.data,
            form.reason.data,
        )
        db.session.commit()
        return no_store(Response(
            export.content,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
        ))
    return render_form("exports/form.html", form)
