"""The editors' event pages: the list, the form, and unpublishing."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.common.rules import RuleError, refuse
from portal.events import services
from portal.events.forms import EventForm
from portal.events.models import Event
from portal.extensions import db
from portal.views import render_form

bp = Blueprint("events_admin", __name__)


@bp.route("/admin/evenemang")
@staff_required(Role.EDITOR)
def admin_list():
    events = db.session.scalars(db.select(Event).order_by(Event.starts_at.desc(), Event.id.desc())).all()
    return render_template("events/admin_list.html", events=events)


@bp.route("/admin/evenemang/nytt", methods=["GET", "POST"])
@staff_required(Role.EDITOR)
def admin_new():
    return _edit(None)


@bp.route("/admin/evenemang/<int:event_id>", methods=["GET", "POST"])
@staff_required(Role.EDITOR)
def admin_edit(event_id):
    return _edit(db.get_or_404(Event, event_id))


def _edit(event):
    form = EventForm(obj=event, data={"description": event.description_source} if event else None)
    context = {"event": event, "unpublish_form": FlaskForm()}
    if not form.is_submitted():
        return render_form("events/form.html", form, **context)
    # A draft is saved as a draft or published; a published event is saved as it is.
    published = event is not None and event.is_public
    action = request.form.get("action", "save" if published else "draft")
    if action not in ({"save"} if published else {"draft", "publish"}):
        abort(400)
    if not form.validate_on_submit():
        return render_form("events/form.html", form, **context)
    author = current_user._get_current_object()
    try:
        if action == "publish":
            event = services.EVENTS.publish(event, author, form.content())
            message = _("The event is published.")
        elif action == "draft":
            event, _changed = services.EVENTS.save_draft(event, author, form.content())
            message = _("The draft is saved. Only staff can see it.")
        else:
            changed = services.EVENTS.change_published(event, form.content())
            message = _("The changes are published.") if changed else _("Nothing was changed.")
    except RuleError as error:
        refuse(form, error)
        return render_form("events/form.html", form, **context)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("events_admin.admin_edit", event_id=event.id), code=303)


@bp.route("/admin/evenemang/<int:event_id>/avpublicera", methods=["POST"])
@staff_required(Role.EDITOR)
def admin_unpublish(event_id):
    event = db.get_or_404(Event, event_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        services.EVENTS.unpublish(event)
    except RuleError as error:
        refuse(None, error)
    else:
        db.session.commit()
        flash(_("The event is unpublished and is a draft again."), "success")
    return redirect(url_for("events_admin.admin_edit", event_id=event.id), code=303)
