"""The alert forms: what to hear about, how often, and the address to mail."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from portal.alerts.models import EMAIL_MAX, RADII, AlertKind
from portal.common.text import clean_text
from portal.reports.forms import read_position
from portal.reports.models import PLACE_MAX


def lower(value):
    return value.lower() if isinstance(value, str) else value


def _email_field():
    return StringField(
        _l("Your email address"),
        filters=[clean_text, lower],
        description=_l("We send a link to confirm first. Nothing else is sent until you have confirmed."),
        validators=[
            DataRequired(message=_l("Write your email address.")),
            Length(max=EMAIL_MAX, message=_l("The email address is too long.")),
            Email(message=_l("Enter an email address in the form name@example.se.")),
        ],
    )


class AlertForm(FlaskForm):
    kind = RadioField(
        _l("What do you want email about?"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose what you want email about."))],
    )
    area = SelectField(_l("Area"), validate_choice=False)
    place = StringField(
        _l("Place"),
        filters=[clean_text],
        description=_l("A locality or a street, for example Storgatan."),
        validators=[Optional(), Length(max=PLACE_MAX, message=_l(
            "The place may be at most %(max)s characters.", max=PLACE_MAX))],
    )
    radius = SelectField(_l("Distance"), validate_choice=False)
    lat = HiddenField(filters=[clean_text])
    lon = HiddenField(filters=[clean_text])
    category = SelectField(_l("Category"), validate_choice=False)
    changes = RadioField(_l("What should the email tell you?"), validate_choice=False, default="new")
    frequency = RadioField(_l("How often?"), validate_choice=False, default="daily")
    email = _email_field()
    website = StringField(_l("Leave this field empty"))  # honeypot

    def __init__(self, areas, categories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            (AlertKind.AREA.value, _l("New reports in an area")),
            (AlertKind.RADIUS.value, _l("New reports near a place")),
            (AlertKind.CATEGORY.value, _l("New reports in a category, in the whole municipality")),
        ]
        self.area.choices = [("", _l("Choose an area"))] + [(a.slug, a.name) for a in areas]
        self.radius.choices = [(str(r), f"{r} m" if r < 1000 else f"{r // 1000} km") for r in RADII]
        self.categories = {str(c.id): c for c in categories}
        self.category.choices = [("", _l("All categories"))] + [(str(c.id), c.name) for c in categories]
        self.changes.choices = [("new", _l("Only new reports")),
                                ("all", _l("New reports and news about them (status changes, replies)"))]
        self.frequency.choices = [("daily", _l("One email a day with everything new")),
                                  ("instant", _l("An email at once"))]
        self.position = None

    @property
    def chosen_kind(self):
        return AlertKind(self.kind.data)

    @property
    def chosen_category(self):
        return self.categories.get(self.category.data or "")

    @property
    def chosen_radius(self):
        return int(self.radius.data) if (self.radius.data or "").isdigit() else None

    def validate_kind(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose what you want email about."))

    def validate_category(self, field):
        if field.data and field.data not in self.categories:
            raise ValidationError(_l("Choose a category from the list."))

    def validate_changes(self, field):
        if field.data not in ("new", "all"):
            raise ValidationError(_l("Choose what the email should tell you."))

    def validate_frequency(self, field):
        if field.data not in ("daily", "instant"):
            raise ValidationError(_l("Choose how often."))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("Leave this field empty"))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        valid = read_position(self) and valid
        if self.lat.errors:  # a hidden field: say it at the place instead
            self.place.errors = [*self.place.errors, *self.lat.errors]
            self.lat.errors = []
        if valid and self.kind.data == AlertKind.RADIUS.value:
            if self.chosen_radius not in RADII:
                self.radius.errors.append(_l("Choose a distance."))
                valid = False
            if self.position is None and not self.place.data:
                self.place.errors.append(_l("Write the place, for example a street or a locality."))
                valid = False
        if valid and self.kind.data == AlertKind.AREA.value and not self.area.data:
            self.area.errors.append(_l("Choose an area."))
            valid = False
        if valid and self.kind.data == AlertKind.CATEGORY.value and not self.chosen_category:
            self.category.errors.append(_l("Choose a category."))
            valid = False
        return valid


class FollowForm(FlaskForm):
    email = _email_field()
    website = StringField(_l("Leave this field empty"))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("Leave this field empty"))


class ConfirmForm(FlaskForm):
    """A button: confirming needs a POST, so a mail scanner opening the link confirms nothing."""
