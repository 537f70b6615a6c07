"""The audit log, for reading only: no screen can change or delete an entry (GET is the only
method here, and the model refuses updates and deletes)."""
from flask import Blueprint, current_app, render_template, request

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.audit import queries
from portal.audit.forms import LogFilterForm
from portal.reports import paging
from portal.urls import page_arg

bp = Blueprint("audit", __name__, url_prefix="/admin")


@bp.route("/logg")
@staff_required(Role.COORDINATOR)
def log():
    form = LogFilterForm(request.args, queries.log_actors(), queries.log_actions())
    if request.args and not form.validate():
        return _render(form, page=None), 422
    filters = form.filters()
    page = paging.paginate(queries.log_entries(**filters), current_app.config["ADMIN_PER_PAGE"],
                           page=page_arg(), total=queries.tallied_count(**filters))
    return _render(form, page)


def _render(form, page):
    return render_template(
        "audit/log.html",
        form=form,
        page=page,
        # Link to the case page only once the desk provides one.
        has_case_page="desk_case.case" in current_app.view_functions,
        filter_args={k: v for k, v in request.args.items() if k != "page" and v},
    )
