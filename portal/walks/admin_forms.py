"""The coordinator's forms: a walk, a series of walks, changes, cancelling, attendance and
turning a walk report into a report. Slot field names (`date`, `start`, `end`,
`meeting_point`, `area`, `capacity`, `min_walkers`, `min_age`, `notes`) are a contract."""
import re
from datetime import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from portal.areas import configured_areas
from portal.common.text import clean_multiline_text, clean_text
from portal.periods import DayField, DayRequired
from portal.reports.forms import DESCRIPTION_MAX, read_position
from portal.settings.forms import WholeNumberField
from portal.walks.models import MAX_CAPACITY, MEETING_POINT_MAX
from portal.walks.slots import SlotFields

CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
WEEKDAYS = [
    ("1", _l("Monday")), ("2", _l("Tuesday")), ("3", _l("Wednesday")), ("4", _l("Thursday")),
    ("5", _l("Friday")), ("6", _l("Saturday")), ("7", _l("Sunday")),
]


class ClockField(Field):
    """A time of day typed as 19.00 or 19:00 (what <input type="time"> sends)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if not raw:
            return
        match = CLOCK.match(raw)
        if not match:
            raise ValueError(self.message)
        self.data = time(int(match[1]), int(match[2]))


def _clock(label, what):
    message = _l("Enter the %(what)s as hours and minutes, for example 19.00.", what=what)
    return ClockField(label, message=message, validators=[DayRequired(message)],
                      description=_l("For example 19.00."))


def _number(label, message, low, high, description=None):
    return WholeNumberField(
        label, message=message, description=description,
        validators=[InputRequired(message=message), NumberRange(min=low, max=high, message=message)],
    )


# Made before the other fields, so that the date comes first in the error summary too.
DATE_FIELD = DayField(_l("Date"), description=_l("As 2026-06-26."),
                      validators=[DayRequired(_l("Enter the date of the walk."))])


class SlotFieldsForm(FlaskForm):
    """Everything a walk holds except its date: shared by the walk and the series forms."""

    start = _clock(_l("Starts at"), _l("start time"))
    end = _clock(_l("Ends at"), _l("end time"))
    meeting_point = StringField(
        _l("Meeting point in words"), filters=[clean_text],
        description=_l("Where the walkers meet, in words, for example: The square, by the fountain."),
        validators=[DataRequired(message=_l("Write where the walkers meet.")),
                    Length(max=MEETING_POINT_MAX, message=_l(
                        "The meeting point may be at most %(max)s characters.", max=MEETING_POINT_MAX))],
    )
    lat = StringField(_l("Latitude"), validators=[Optional()], filters=[clean_text])
    lon = StringField(_l("Longitude"), validators=[Optional()], filters=[clean_text])
    # Chosen from the configured areas (config AREAS), the same names the lägesbild counts by.
    area = SelectField(
        _l("Area"), validate_choice=False,
        description=_l("The part of the municipality the walk covers. Say the route in the notes."),
        validators=[DataRequired(message=_l("Choose the area of the walk."))],
    )
    capacity = _number(_l("Places"), _l("Enter the number of places as a whole number from 2 to %(max)s.",
                                         max=MAX_CAPACITY), 2, MAX_CAPACITY,
                       _l("At most %(max)s. More sign-ups go on the waiting list.", max=MAX_CAPACITY))
    min_walkers = _number(_l("Minimum number of walkers"),
                          _l("Enter the minimum as a whole number from 2 to %(max)s.", max=MAX_CAPACITY),
                          2, MAX_CAPACITY, _l("Nobody walks alone: at least 2, preferably 3."))
    min_age = _number(_l("Minimum age"), _l("Enter the minimum age as a whole number from 15 to 99."), 15, 99)
    notes = TextAreaField(
        _l("Notes for the walkers (optional)"), filters=[clean_multiline_text],
        description=_l("For example: vests are handed out at the meeting point."),
        validators=[Optional(), Length(max=2000, message=_l("The notes may be at most 2 000 characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = [area.name for area in configured_areas()]
        self.area.choices = [("", _l("Choose an area"))] + [(name, name) for name in names]
        # A walk made before areas were chosen keeps its free text until someone picks one.
        kept = (kwargs.get("data") or {}).get("area")
        if kept and kept not in names:
            self.area.choices.append((kept, _l("%(area)s (as written before)", area=kept)))

    def validate_area(self, field):
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Choose the area of the walk from the list."))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return read_position(self) and valid

    def slot_fields(self):
        return SlotFields(
            start=self.start.data, end=self.end.data, meeting_point=self.meeting_point.data,
            position=self.position, area=self.area.data, capacity=self.capacity.data,
            min_walkers=self.min_walkers.data, min_age=self.min_age.data, notes=self.notes.data,
        )


def slot_defaults():
    return {"min_walkers": 3, "capacity": 5, "min_age": current_app.config["WALK_MIN_AGE"],
            "start": time(19, 0), "end": time(22, 0)}


class SlotForm(SlotFieldsForm):
    date = DATE_FIELD


class EditForm(SlotForm):
    scope = RadioField(_l("Change"), validate_choice=False, default="one")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = [
            ("one", _l("Only this walk")),
            ("following", _l("This walk and the following walks in the series (each keeps its date)")),
        ]

    def validate_scope(self, field):
        if field.data not in ("one", "following"):
            raise ValidationError(_l("Choose which walks to change."))


class SeriesForm(SlotFieldsForm):
    weekdays = SelectMultipleField(
        _l("Weekdays"), validate_choice=False,
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
    )
    first_date = DayField(_l("First date"), description=_l("As 2026-06-12."),
                          validators=[DayRequired(_l("Enter the first date of the series."))])
    last_date = DayField(_l("Last date"), description=_l("As 2026-08-15."),
                         validators=[DayRequired(_l("Enter the last date of the series."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.weekdays.choices = WEEKDAYS

    def validate_weekdays(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one weekday."))
        if not set(field.data) <= {value for value, _label in WEEKDAYS}:
            raise ValidationError(_l("Choose weekdays from the list."))

    @property
    def chosen_weekdays(self):
        return [int(value) for value in self.weekdays.data or ()]


class CancelSlotForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the walk cancelled?"), filters=[clean_multiline_text],
        description=_l("Sent to everyone signed up, waiting list included, and shown on the walk's page."),
        validators=[DataRequired(message=_l("Write why the walk is cancelled.")),
                    Length(max=1000, message=_l("Write at most 1 000 characters."))],
    )


class AttendanceForm(FlaskForm):
    """One radio group per walker (came-<id>: yes, no or unknown), read in the route."""


class ForwardForm(FlaskForm):
    """Turn a walk report into a report in the moderation queue."""

    category = SelectField(_l("Category"), validate_choice=False)
    description = TextAreaField(
        _l("Text of the report"), filters=[clean_multiline_text],
        description=_l("Remove anything that names or identifies a person."),
        validators=[DataRequired(message=_l("Write the text of the report.")),
                    Length(max=DESCRIPTION_MAX, message=_l("The text may be at most 5 000 characters."))],
    )

    def __init__(self, categories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.id): c for c in categories}
        self.category.choices = [("", _l("Choose a category"))] + [(str(c.id), c.name) for c in categories]

    def validate_category(self, field):
        if field.data not in self.categories:
            raise ValidationError(_l("Choose one of the categories."))

    @property
    def chosen_category(self):
        return self.categories.get(self.category.data or "")
