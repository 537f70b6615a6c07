"""The coordinator's roster tools: add a walker who phoned in (name, phone, consent noted;
email optional), and move a walker to another walk. Places follow the same rules as the
public sign-up: locked slots, a full walk gives a place on the waiting list, and a place
freed goes to the waiting list."""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.accounts.models import Role
from portal.accounts.permissions import staff_required
from portal.audit.services import record
from portal.common.dates import date_and_time
from portal.common.rules import RuleError, refuse
from portal.common.text import clean_text
from portal.extensions import db
from portal.timeutil import utcnow
from portal.views import render_form
from portal.walks import notify, signups, tokens
from portal.walks.models import EMAIL_MAX, NAME_MAX, PHONE_MAX, SignupStatus, WalkSignup, WalkSlot

bp = Blueprint("walk_walkers", __name__, url_prefix="/admin/promenader")


class PhonedInForm(FlaskForm):
    name = StringField(_l("Name"), filters=[clean_text],
                       validators=[DataRequired(message=_l("Write the walker's name.")),
                                   Length(max=NAME_MAX, message=_l("The name may be at most 120 characters."))])
    phone = StringField(_l("Phone"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Write the walker's phone number.")),
                                    Length(max=PHONE_MAX, message=_l("Write at most 40 characters."))])
    email = StringField(_l("Email (optional)"), filters=[clean_text],
                        description=_l("With an address the walker gets the confirmation and their own links."),
                        validators=[Optional(), Length(max=EMAIL_MAX), Email(message=_l("Write a whole email "
                                                                                         "address, or nothing."))])
    is_first_walk = BooleanField(_l("It is the walker's first walk"))
    consent = BooleanField(_l("The walker agreed on the phone that we keep their name and phone number for the "
                              "walk, and accepts the walkers' rules"))

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError(_l("Ask the walker and tick the box: without consent we keep nothing."))


class MoveForm(FlaskForm):
    target = SelectField(_l("Move to the walk"), validate_choice=False)

    def __init__(self, choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = [("", _l("Choose a walk"))] + choices

    def validate_target(self, field):
        if field.data not in {value for value, _label in self.target.choices[1:]}:
            raise ValidationError(_l("Choose a walk from the list."))


def add_by_phone(slot_id, name, phone, email, is_first_walk):
    """A place (or the waiting list) for someone who phoned; with an address, the ordinary
    sign-up (and its mail). Consent is noted in the audit log, without the person's data."""
    if email:
        signup = signups.sign_up(slot_id, name, email, phone, is_first_walk)
    else:
        slot = signups.lock_slots([slot_id])[slot_id]
        signups.check_open(slot)
        signups.fill_places(slot)
        full = signups.count(slot.id, SignupStatus.CONFIRMED) >= slot.capacity
        signup = WalkSignup(slot=slot, name=name, email="", phone=phone, is_first_walk=bool(is_first_walk),
                            status=SignupStatus.WAITING if full else SignupStatus.CONFIRMED,
                            link_key=tokens.new_key(), calendar_key=tokens.new_key())
        db.session.add(signup)
        db.session.flush()
    record("walk_walker_phoned_in", _("Added a walker who phoned in to the walk of %(when)s; consent to keep name "
                                      "and phone noted.", when=date_and_time(signup.slot.starts_at)),
           details={"slot_id": signup.slot_id, "signup_id": signup.id, "consent": True})
    return signup


def move(signup, target_id):
    """Move a walker to another walk: a place there if one is free (else its waiting list);
    the place freed here goes to this walk's waiting list."""
    source = signup.slot
    slots = signups.lock_slots([source.id, target_id])
    target = slots.get(target_id)
    if target is None:
        raise RuleError(_("Choose a walk from the list."), field="target")
    signups.check_open(target)
    if signup.email and db.session.scalar(db.select(WalkSignup.id).join(WalkSlot).where(
            WalkSignup.email == signup.email, WalkSignup.id != signup.id,
            WalkSignup.status.in_([SignupStatus.CONFIRMED, SignupStatus.WAITING]),
            signups.overlapping(target.starts_at, target.ends_at) | (WalkSlot.id == target.id))):
        raise RuleError(_("The walker already has a place on that walk or one at the same time."), field="target")
    full = signups.count(target.id, SignupStatus.CONFIRMED) >= target.capacity
    signup.slot = target
    signup.status = SignupStatus.WAITING if full else SignupStatus.CONFIRMED
    signup.reminder_sent_at = None
    signup.promoted_at = None if full else utcnow()
    db.session.flush()
    signups.fill_places(source)
    notify.signed_up(signup)
    record("walk_walker_moved", _("Moved a walker from the walk of %(before)s to the walk of %(after)s.",
                                  before=date_and_time(source.starts_at), after=date_and_time(target.starts_at)),
           details={"signup_id": signup.id, "from_slot_id": source.id, "to_slot_id": target.id})
    return signup


@bp.route("/<int:slot_id>/lagg-till", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def phoned_in(slot_id):
    slot = db.get_or_404(WalkSlot, slot_id)
    form = PhonedInForm()
    if form.validate_on_submit():
        try:
            signup = add_by_phone(slot.id, form.name.data, form.phone.data, (form.email.data or "").lower(),
                                  form.is_first_walk.data)
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
        else:
            flash(_("The walker has a place.") if signup.status is SignupStatus.CONFIRMED
                  else _("The walk is full: the walker is on the waiting list."), "success")
            return redirect(url_for("walks_roster.slot", slot_id=slot.id), code=303)
    return render_form("desktools/phoned_in.html", form, slot=slot)


def _targets(signup):
    coming = db.session.scalars(db.select(WalkSlot).where(
        WalkSlot.starts_at > utcnow(), WalkSlot.cancelled_at.is_(None), WalkSlot.id != signup.slot_id
    ).order_by(WalkSlot.starts_at).limit(60)).all()
    return [(str(s.id), f"{date_and_time(s.starts_at)}, {s.area or s.meeting_point}") for s in coming]


@bp.route("/<int:slot_id>/flytta/<int:signup_id>", methods=["GET", "POST"])
@staff_required(Role.COORDINATOR)
def move_walker(slot_id, signup_id):
    signup = db.get_or_404(WalkSignup, signup_id)
    if signup.slot_id != slot_id or signup.status not in (SignupStatus.CONFIRMED, SignupStatus.WAITING):
        return redirect(url_for("walks_roster.slot", slot_id=slot_id), code=303)
    form = MoveForm(_targets(signup))
    if form.validate_on_submit():
        try:
            move(signup, int(form.target.data))
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
        else:
            flash(_("The walker is moved and has been told."), "success")
            return redirect(url_for("walks_roster.slot", slot_id=slot_id), code=303)
    return render_form("desktools/move_walker.html", form, signup=signup)
