"""The coordinator's guard-shift forms: one shift, and the company's CSV file."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.areas import configured_areas
from portal.common.text import clean_text
from portal.guards.services import minutes_of
from portal.periods import DayField, DayRequired
from portal.settings.forms import WholeNumberField


def _hours(label):
    return StringField(label, filters=[clean_text], description=_l("Hours, for example 3,5."),
                       validators=[DataRequired(message=_l("Write the hours, for example 3,5."))])


def _count(label):
    return WholeNumberField(label, message=_l("Write a whole number, for example 2."),
                            validators=[Optional(), NumberRange(min=0, max=999,
                                                                message=_l("Write a number from 0 to 999."))])


class GuardShiftForm(FlaskForm):
    day = DayField(_l("Evening"), description=_l("As 2026-06-12."),
                   validators=[DayRequired(_l("Enter the evening's date."))])
    area = SelectField(_l("Area"), validate_choice=False)
    company = StringField(_l("Guard company"), filters=[clean_text],
                          validators=[DataRequired(message=_l("Write the guard company's name.")),
                                      Length(max=120, message=_l("The name may be at most 120 characters."))])
    planned_hours = _hours(_l("Planned hours"))
    delivered_hours = _hours(_l("Delivered hours"))
    vandalism = _count(_l("Vandalism"))
    disturbance = _count(_l("Disturbances"))
    police = _count(_l("Police called"))
    other = _count(_l("Other incidents"))
    note = StringField(_l("Note (optional)"), filters=[clean_text],
                       description=_l("A short note, never names of people."),
                       validators=[Length(max=300, message=_l("Write at most 300 characters."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [(area.slug, area.name) for area in configured_areas()]

    def validate_area(self, field):
        if field.data not in {slug for slug, _name in self.area.choices}:
            raise ValidationError(_l("Choose an area from the list."))

    @staticmethod
    def _check_hours(field):
        value = minutes_of(field.data)
        if value is None or value > 24 * 60:
            raise ValidationError(_l("Write hours from 0 to 24, for example 3,5."))

    def validate_planned_hours(self, field):
        self._check_hours(field)

    def validate_delivered_hours(self, field):
        self._check_hours(field)


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file from the guard company"), description=_l(
        "Columns: datum; område; företag; planerade timmar; levererade timmar; and, if you like, "
        "skadegörelse; ordningsstörning; polis; övrigt; anteckning. UTF-8 or Excel's CSV."))

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choose a CSV file."))
