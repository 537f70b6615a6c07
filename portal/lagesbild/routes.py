"""The lägesbild: for staff at /admin/lagesbild (with CSV of every table), for everyone at
/lagesbild. Handlers see the staff page too: it holds counts only, no personal data."""
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.areas import area_names
from portal.common.csvfile import csv_bytes
from portal.common.dates import month_year
from portal.lagesbild.buckets import default_summer, year_of
from portal.lagesbild.context import build_context, lookups, period_label, today
from portal.lagesbild.forms import LagesbildFilterForm
from portal.lagesbild.sections import public_sections, staff_sections
from portal.lagesbild.tables import csv_rows, format_cell

bp = Blueprint("lagesbild", __name__)
FILTER_FIELDS = ("date_from", "date_to", "area", "category")


def lagesbild_cell(value, kind, threshold=3):
    return format_cell(value, kind, threshold=threshold)


def month_and_year(day):
    return month_year(day)


def _filter_form():
    """The filter read from the query string, and the lookups it was built with."""
    found = lookups()
    return LagesbildFilterForm(found[0], area_names(), default_summer(today()), request.args), found


@bp.route("/admin/lagesbild")
@staff_required(Role.HANDLER, Role.POLICE)
def staff():
    form, found = _filter_form()
    if not form.validate():
        return render_template("lagesbild/staff.html", form=form, ctx=None, sections=[])
    ctx = build_context(*form.selection(), found=found)
    return render_template(
        "lagesbild/staff.html", form=form, ctx=ctx, sections=staff_sections(ctx),
        earlier=ctx.period.year_earlier(), period_label=period_label, csv_args=form.query_args(),
    )


@bp.route("/admin/lagesbild/<table>.csv")
@staff_required(Role.HANDLER, Role.POLICE)
def staff_csv(table):
    """One table of the staff page as CSV, with the same filter (a bad filter goes back
    to the page, which says what to correct)."""
    form, found = _filter_form()
    if not form.validate():
        typed = {name: request.args[name] for name in FILTER_FIELDS if name in request.args}
        return redirect(url_for("lagesbild.staff", **typed))
    ctx = build_context(*form.selection(), found=found)
    figure = next(
        (f for section in staff_sections(ctx, only_table=table) for f in section.figures if f.key == table),
        None,
    )
    if figure is None:
        abort(404)
    header, rows = csv_rows(figure)
    period = ctx.period
    filename = f"lagesbild-{table}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(
        csv_bytes(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/lagesbild")
def public():
    ctx = build_context(year_of(today()))
    return render_template("lagesbild/public.html", ctx=ctx, sections=public_sections(ctx),
                           period_label=period_label)
