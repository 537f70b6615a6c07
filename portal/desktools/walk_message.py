"""A message from the coordinator to everyone on a walk (places and waiting list), each
mail through the outbox with the walker's own private links, and one audit line (the
count, never an address)."""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.audit.services import record
from portal.common.dates import date_and_time
from portal.common.text import clean_multiline_text, clean_text
from portal.extensions import db
from portal.views import render_form
from portal.walks import notify
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot

bp = Blueprint("walk_message", __name__, url_prefix="/admin/promenader")


class MessageForm(FlaskForm):
    subject = StringField(_l("Subject"), filters=[clean_text],
                          validators=[DataRequired(message=_l("Write a subject.")),
                                      Length(max=150, message=_l("The subject may be at most 150 characters."))])
    body = TextAreaField(_l("Message"), filters=[clean_multiline_text],
                         description=_l("Each walker gets it with their own links; nobody sees the others' addresses."),
                         validators=[DataRequired(message=_l("Write the message.")),
                                     Length(max=5000, message=_l("Write at most 5 000 characters."))])


def recipients(slot):
    """Everyone with a place or on the waiting list who has an address."""
    return db.session.scalars(db.select(WalkSignup).where(
        WalkSignup.slot_id == slot.id, WalkSignup.status.in_([SignupStatus.CONFIRMED, SignupStatus.WAITING]),
        WalkSignup.email != "").order_by(WalkSignup.id)).all()


def send_message(slot, subject, body):
    """Queue one mail per walker in this transaction; returns how many."""
    found = recipients(slot)
    for signup in found:
        notify.to_walker(signup, subject, "mail/walk_message.txt", message=body)
    record("walk_message_sent", ngettext(
        "Sent the message %(subject)s to %(num)d walker on the walk of %(when)s.",
        "Sent the message %(subject)s to %(num)d walkers on the walk of %(when)s.",
        len(found), subject=subject, when=date_and_time(slot.starts_at)),
        details={"slot_id": slot.id, "recipients": len(found)})
    return len(found)


@bp.route("/<int:slot_id>/meddelande", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def message(slot_id):
    slot = db.get_or_404(WalkSlot, slot_id)
    form = MessageForm()
    if form.validate_on_submit():
        sent = send_message(slot, form.subject.data, form.body.data)
        db.session.commit()
        flash(ngettext("The message is on its way to %(num)d walker.",
                       "The message is on its way to %(num)d walkers.", sent), "success")
        return redirect(url_for("walks_roster.slot", slot_id=slot.id), code=303)
    return render_form("desktools/walk_message.html", form, slot=slot, count=len(recipients(slot)))
