"""The coordinator's rota under /admin/promenader: what needs attention, new walks and
series, changes and cancellations. The roster and walk reports are in admin_roster.py."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.extensions import db
from portal.timeutil import to_local
from portal.views import render_form
from portal.walks import queries, slots
from portal.walks.admin_forms import CancelSlotForm, EditForm, SeriesForm, SlotForm, slot_defaults
from portal.walks.models import WalkSlot
from portal.walks.routes import carry_out

bp = Blueprint("walks_admin", __name__, url_prefix="/admin/promenader")


@bp.route("/")
@staff_required(Role.COORDINATOR)
def index():
    upcoming = queries.upcoming()
    recent = queries.recent()
    return render_template(
        "walks/admin/index.html",
        upcoming=upcoming,
        recent=recent,
        places=queries.places([s.id for s in upcoming + recent]),
        under_minimum=queries.under_minimum(),
        empty_weeks=queries.weeks_without_walks(),
        first_timers=queries.only_first_timers(),
        attention_days=current_app.config["WALK_ATTENTION_DAYS"],
    )


@bp.route("/ny", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new_slot():
    form = SlotForm(data=slot_defaults())
    if form.validate_on_submit():
        slot = carry_out(form, lambda: slots.create_slot(form.date.data, form.slot_fields()))
        if slot is not None:
            flash(_("The walk on %(date)s has been created.", date=form.date.data.isoformat()), "success")
            return redirect(url_for("walks_roster.slot", slot_id=slot.id), code=303)
    return render_form("walks/admin/slot_form.html", form, slot=None)


@bp.route("/serie", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def new_series():
    form = SeriesForm(data=slot_defaults())
    if form.validate_on_submit():
        made = carry_out(form, lambda: slots.create_series(
            form.first_date.data, form.last_date.data, form.chosen_weekdays,
            form.slot_fields(), current_user._get_current_object(),
        )[1])
        if made is not None:
            flash(ngettext("%(num)d walk has been created.", "%(num)d walks have been created.", len(made)),
                  "success")
            return redirect(url_for("walks_admin.index"), code=303)
    return render_form("walks/admin/series_form.html", form)


def _edit_data(slot):
    current = slots.current_fields(slot)
    lat, lon = current.position or ("", "")
    return {**current.__dict__, "date": to_local(slot.starts_at).date(), "scope": "one",
            "lat": f"{lat:.6f}" if lat != "" else "", "lon": f"{lon:.6f}" if lon != "" else ""}


@bp.route("/<int:slot_id>/andra", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def edit(slot_id):
    slot = db.get_or_404(WalkSlot, slot_id)
    form = EditForm(data=_edit_data(slot))
    if form.validate_on_submit():
        changed = carry_out(form, lambda: slots.update(
            slot, form.date.data, form.slot_fields(), following=form.scope.data == "following"))
        if changed is not None:
            flash(ngettext("%(num)d walk has been changed.", "%(num)d walks have been changed.", len(changed))
                  if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("walks_roster.slot", slot_id=slot.id), code=303)
    return render_form("walks/admin/slot_form.html", form, slot=slot)


@bp.route("/<int:slot_id>/stall-in", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def cancel(slot_id):
    slot = db.get_or_404(WalkSlot, slot_id)
    form = CancelSlotForm()
    if form.validate_on_submit():
        if carry_out(form, lambda: slots.cancel_slot(slot, form.reason.data)) is not None:
            flash(_("The walk is cancelled and everyone signed up has been told."), "success")
            return redirect(url_for("walks_roster.slot", slot_id=slot.id), code=303)
    return render_form("walks/admin/cancel.html", form, slot=slot,
                       places=queries.places([slot.id])[slot.id])
