"""The residents' forms: signing up, cancelling, and the walk report. Field names `name`,
`email` and `phone` are a stable contract."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.common.text import clean_multiline_text, clean_text
from portal.reports.forms import PHONE_PATTERN
from portal.settings.forms import WholeNumberField
from portal.walks.models import EMAIL_MAX, PHONE_MAX

# A walker's name is one short line: it is quoted in mail to an address nobody has verified.
WALKER_NAME_MAX = 80
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
TEXT_MAX = 3000


def lower(value):
    return value.lower() if isinstance(value, str) else value


class SignupForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[clean_text],
        description=_l("Only the coordinator sees who walks. Other residents never do."),
        validators=[
            DataRequired(message=_l("Write your name.")),
            Length(max=WALKER_NAME_MAX, message=_l("The name may be at most %(max)s characters.",
                                            max=WALKER_NAME_MAX)),
        ],
    )
    email = StringField(
        _l("Email"),
        filters=[clean_text, lower],
        description=_l("For the confirmation, the reminder and the link to cancel."),
        validators=[
            DataRequired(message=_l("Write your email address.")),
            Length(max=EMAIL_MAX, message=_l("The email address is too long.")),
            Email(message=_l("Enter an email address in the form name@example.se.")),
        ],
    )
    phone = StringField(
        _l("Phone (optional)"),
        filters=[clean_text],
        description=_l("So the coordinator can reach you on the evening."),
        validators=[Optional(), Length(max=PHONE_MAX, message=_l(
            "The phone number may be at most %(max)s characters.", max=PHONE_MAX))],
    )
    is_first_walk = RadioField(
        _l("Is this your first evening walk?"),
        validate_choice=False,
        description=_l("First-time walkers get a short introduction and walk with someone experienced."),
        validators=[InputRequired(message=_l("Say whether this is your first evening walk."))],
    )
    confirm_age = BooleanField(_l("I am old enough"))  # the label names the walk's age
    accept_rules = BooleanField(
        _l("I have read the walk rules and follow them"),
        validators=[DataRequired(message=_l("Accept the walk rules to sign up."))],
    )
    # Honeypot: hidden from people and assistive technology, tempting to bots.
    website = StringField(_l("Leave this field empty"))

    def __init__(self, slot, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_first_walk.choices = YES_NO
        self.min_age = slot.min_age
        self.confirm_age.label.text = _l("I am %(age)s years or older", age=slot.min_age)

    def validate_confirm_age(self, field):
        if not field.data:
            raise ValidationError(_l(
                "Confirm that you are %(age)s years or older. Younger people cannot walk.",
                age=self.min_age,
            ))

    def validate_is_first_walk(self, field):
        if field.data not in ("yes", "no"):
            raise ValidationError(_l("Say whether this is your first evening walk."))

    def validate_phone(self, field):
        if field.data and not PHONE_PATTERN.match(field.data):
            raise ValidationError(_l("Enter the phone number with digits only, for example 070-123 45 67."))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("The form could not be sent. Leave the hidden field empty."))


class CancelForm(FlaskForm):
    """Only the CSRF token: the link itself says whose place it is."""


def _text(label, message, description=None, required=False):
    validators = [DataRequired(message=message)] if required else [Optional()]
    validators.append(Length(max=TEXT_MAX, message=_l(
        "Write at most %(max)s characters.", max=f"{TEXT_MAX:,}".replace(",", " "))))
    return TextAreaField(label, filters=[clean_multiline_text], description=description, validators=validators)


class WalkReportForm(FlaskForm):
    areas_walked = _text(
        _l("Where did you walk?"), _l("Write where you walked."),
        _l("Streets, parks, squares or the route."), required=True,
    )
    youths_met = WholeNumberField(
        _l("About how many young people did you meet? (optional)"),
        message=_l("Write the number as a whole number from 0 to 1000, or leave it empty."),
        validators=[Optional(), NumberRange(min=0, max=1000, message=_l(
            "Write the number as a whole number from 0 to 1000, or leave it empty."))],
    )
    observations = _text(
        _l("What did you see? (optional)"), None,
        _l("Gatherings, damage, graffiti, broken lighting, places that felt unsafe."),
    )
    incidents = _text(_l("Did anything happen? (optional)"), None, _l("Describe what happened and where."))
    police_called = BooleanField(_l("We called the police (114 14)"))
    emergency_called = BooleanField(_l("We called 112"))
    free_text = _text(_l("Anything else? (optional)"), None)
