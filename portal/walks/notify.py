"""Mail to walkers and coordinators. Every mail carries the walker's own private links; none
carries another walker's details. Queued in the transaction of the change behind it."""
from flask_babel import gettext as _

from portal.accounts.models import Role, User
from portal.common.dates import date_and_time
from portal.extensions import db
from portal.mail import services as mail
from portal.urls import absolute_url
from portal.walks import calendar, tokens
from portal.walks.models import SignupStatus


def links(signup):
    """The private links of one sign-up, absolute for mail."""
    token = tokens.make("signup", signup.link_key)
    return {
        "signup_url": absolute_url("walks.signup", token=token),
        "cancel_url": absolute_url("walks.cancel", token=token),
        "report_url": absolute_url("walks.report", token=tokens.make("report", signup.link_key)),
        "feed_url": absolute_url("walks.feed", token=tokens.make("calendar", signup.calendar_key)),
        "slot_url": absolute_url("walks.slot", slot_id=signup.slot_id),
        "index_url": absolute_url("walks.index"),
    }


def _ics(slot):
    return [(calendar.filename(slot), "text/calendar", calendar.build([slot]))]


def to_walker(signup, subject, template, with_ics=False, **context):
    """One mail to one walker, in the language they signed up in. `subject` is a function
    of the walk's start (already formatted in that language), so that each walker's
    subject is in their own language."""
    if not signup.email:
        return  # added by the coordinator after a phone call, without an address
    slot = signup.slot
    with mail.in_language(signup.locale):
        when = date_and_time(slot.starts_at)
        extra = {key: value(signup) if callable(value) else value for key, value in context.items()}
        mail.enqueue(
            signup.email,
            subject(when) if callable(subject) else subject,
            template,
            attachments=_ics(slot) if with_ics else (),
            slot=slot,
            signup=signup,
            when=when,
            **links(signup),
            **extra,
        )


def signed_up(signup):
    """The confirmation: a place (with the .ics) or a place on the waiting list."""
    confirmed = signup.status is SignupStatus.CONFIRMED

    def subject(when):
        if confirmed:
            return _("You are signed up for the evening walk on %(when)s", when=when)
        return _("You are on the waiting list for the evening walk on %(when)s", when=when)

    to_walker(signup, subject, "mail/walk_signed_up.txt", with_ics=confirmed, confirmed=confirmed)


def already_signed_up(signup, attempted):
    """Someone (perhaps the walker) tried to sign this address up for `attempted`, but it has
    a place on that walk or one at the same time: the owner hears of it, with their links."""
    to_walker(
        signup,
        lambda when: _("You already have a place on the evening walk on %(when)s", when=when),
        "mail/walk_already_signed_up.txt",
        attempted=attempted,
        attempted_when=lambda _signup: date_and_time(attempted.starts_at),
    )


def promoted(signup):
    to_walker(
        signup,
        lambda when: _("You have got a place on the evening walk on %(when)s", when=when),
        "mail/walk_promoted.txt",
        with_ics=True,
    )


def _to_everyone(slot, signups, subject, template):
    """Everyone on a walk, waiting list included; a place gets the walk's .ics too."""
    for signup in signups:
        to_walker(signup, subject, template, with_ics=signup.status is SignupStatus.CONFIRMED)


def slot_cancelled(slot, signups):
    _to_everyone(slot, signups, lambda when: _("The evening walk on %(when)s is cancelled", when=when),
                 "mail/walk_slot_cancelled.txt")


def slot_changed(slot, signups):
    _to_everyone(slot, signups, lambda when: _("The evening walk on %(when)s has changed", when=when),
                 "mail/walk_slot_changed.txt")


def reminder(signup):
    to_walker(
        signup,
        lambda when: _("Reminder: evening walk %(when)s", when=when),
        "mail/walk_reminder.txt",
    )


def report_request(signup):
    to_walker(
        signup,
        lambda when: _("Thank you for walking: tell us what you saw"),
        "mail/walk_report_request.txt",
    )


def under_minimum(slot, confirmed_count):
    """Every active coordinator, with a link to the slot's roster (no walkers' details)."""
    coordinators = db.session.scalars(
        db.select(User).where(User.is_active, User.role == Role.COORDINATOR).order_by(User.id)
    ).all()
    for user in coordinators:
        mail.enqueue(
            user.email,
            _("Too few walkers on %(when)s", when=date_and_time(slot.starts_at)),
            "mail/walk_under_minimum.txt",
            slot=slot,
            user=user,
            when=date_and_time(slot.starts_at),
            confirmed_count=confirmed_count,
            admin_url=absolute_url("walks_roster.slot", slot_id=slot.id),
        )
    return len(coordinators)
