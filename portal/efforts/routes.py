"""Efforts under /admin/insatser: the list, the coordinator's form, the effort view (the
lägesbild of one effort, with CSV of each table) and publishing its public summary."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.csvfile import csv_bytes
from portal.common.rules import RuleError, refuse
from portal.efforts import services
from portal.efforts.figures import EffortFigures
from portal.efforts.forms import EffortForm, EffortViewForm, PublishForm
from portal.efforts.models import Effort, MeasureKind
from portal.extensions import db
from portal.lagesbild.context import build_context, lookups, today
from portal.lagesbild.tables import csv_rows
from portal.views import render_form

bp = Blueprint("efforts", __name__, url_prefix="/admin/insatser")


@bp.route("/")
@staff_required(Role.HANDLER, Role.POLICE)
def index():
    efforts = db.session.scalars(db.select(Effort).order_by(Effort.first_day.desc(), Effort.id.desc())).all()
    return render_template("efforts/index.html", efforts=efforts, today=today(),
                           names=build_context(None).area_names)


def _save(form, effort):
    try:
        effort = services.save_effort(
            effort, name=form.name.data, first_day=form.first_day.data, last_day=form.last_day.data,
            areas=form.areas.data, measures=form.measures(), budget=form.budget.data,
            description=form.description.data, author=current_user._get_current_object(),
        )
        db.session.commit()
        return effort
    except RuleError as error:
        refuse(form, error)
        return None


@bp.route("/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new():
    form = EffortForm()
    if form.validate_on_submit():
        effort = _save(form, None)
        if effort is not None:
            flash(_("The effort %(name)s is saved.", name=effort.name), "success")
            return redirect(url_for("efforts.show", effort_id=effort.id), code=303)
    return render_form("efforts/form.html", form, effort=None)


@bp.route("/<int:effort_id>/andra", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def edit(effort_id):
    effort = db.get_or_404(Effort, effort_id)
    data = {"name": effort.name, "first_day": effort.first_day, "last_day": effort.last_day,
            "areas": effort.areas, "budget": effort.budget, "description": effort.description}
    data.update({kind.value: effort.planned(kind) for kind in MeasureKind})
    form = EffortForm(data=data)
    if form.validate_on_submit():
        if _save(form, effort) is not None:
            flash(_("The effort %(name)s is saved.", name=effort.name), "success")
            return redirect(url_for("efforts.show", effort_id=effort.id), code=303)
    return render_form("efforts/form.html", form, effort=effort)


def _figures(effort):
    found = lookups()
    form = EffortViewForm(found[0], request.args)
    category_id = form.category_id if form.validate() else None
    return form, EffortFigures(effort, build_context(None, found=found), category_id)


@bp.route("/<int:effort_id>")
@staff_required(Role.HANDLER, Role.POLICE)
def show(effort_id):
    effort = db.get_or_404(Effort, effort_id)
    form, figures = _figures(effort)
    return render_template("efforts/show.html", effort=effort, form=form, figures=figures,
                           ctx=figures.ctx, publish_form=PublishForm(),
                           effort_csv_args={"category": form.category.data} if form.category.data else {})


@bp.route("/<int:effort_id>/<any('insats-faser', 'insats-veckor', 'insats-atgarder'):table>.csv")
@staff_required(Role.HANDLER, Role.POLICE)
def table_csv(effort_id, table):
    effort = db.get_or_404(Effort, effort_id)
    _form, figures = _figures(effort)
    figure = figures.figure(table)
    if figure is None:
        abort(404)
    header, rows = csv_rows(figure)
    return Response(csv_bytes(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{table}-{effort.id}.csv"'})


@bp.route("/<int:effort_id>/publicera", methods=["POST"])
@staff_required(Role.COORDINATOR)
def publish(effort_id):
    effort = db.get_or_404(Effort, effort_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Try again."), "info")
        return redirect(url_for("efforts.show", effort_id=effort.id), code=303)
    figures = EffortFigures(effort, build_context(None))
    try:
        services.publish_summary(effort, figures, today(), current_user._get_current_object())
        db.session.commit()
    except RuleError as error:
        refuse(None, error)
        return redirect(url_for("efforts.show", effort_id=effort.id), code=303)
    flash(_("The summary is published as a news item."), "success")
    return redirect(url_for("efforts.show", effort_id=effort.id), code=303)
