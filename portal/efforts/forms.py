"""The coordinator's effort form: name, period, target areas, measures and budget."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.areas import configured_areas
from portal.common.text import clean_multiline_text, clean_text
from portal.efforts.models import MeasureKind
from portal.filterfields import FilterSelectField
from portal.periods import DayField, DayRequired
from portal.settings.forms import WholeNumberField

MAX_AMOUNT = 1_000_000
MAX_BUDGET = 1_000_000_000


def _amount(label):
    return WholeNumberField(
        label, message=_l("Write a whole number, for example 40."),
        description=_l("Planned amount; leave empty if the effort has no such measure."),
        validators=[Optional(), NumberRange(min=0, max=MAX_AMOUNT,
                                            message=_l("Write a number from 0 to 1 000 000."))],
    )


class EffortForm(FlaskForm):
    name = StringField(
        _l("Name"), filters=[clean_text], description=_l("For example Sommarinsats 2027."),
        validators=[DataRequired(message=_l("Write the effort's name.")),
                    Length(max=120, message=_l("The name may be at most 120 characters."))],
    )
    first_day = DayField(_l("First day"), description=_l("As 2027-06-01."),
                         validators=[DayRequired(_l("Enter the first day of the effort."))])
    last_day = DayField(_l("Last day"), description=_l("As 2027-08-31."),
                        validators=[DayRequired(_l("Enter the last day of the effort."))])
    areas = SelectMultipleField(
        _l("Target areas"), validate_choice=False,
        description=_l("The areas the effort works in; the others are the comparison."),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
    )
    walks = _amount(MeasureKind.WALKS.label)
    guard_hours = _amount(MeasureKind.GUARD_HOURS.label)
    lighting = _amount(MeasureKind.LIGHTING.label)
    field_workers = _amount(MeasureKind.FIELD_WORKERS.label)
    budget = WholeNumberField(
        _l("Budget in kronor (optional)"), message=_l("Write the budget in whole kronor, for example 250000."),
        validators=[Optional(), NumberRange(min=0, max=MAX_BUDGET,
                                            message=_l("Write a budget from 0 to 1 000 000 000 kronor."))],
    )
    description = TextAreaField(
        _l("Description (optional)"), filters=[clean_multiline_text],
        description=_l("What the effort does, for staff. Never names of people."),
        validators=[Length(max=2000, message=_l("Write at most 2 000 characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = [(area.slug, area.name) for area in configured_areas()]

    def validate_areas(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one target area."))
        if not set(field.data) <= {slug for slug, _name in self.areas.choices}:
            raise ValidationError(_l("Choose areas from the list."))
        if len(field.data) == len(self.areas.choices):
            raise ValidationError(_l("Leave at least one area out, so that there is something to compare with."))

    def measures(self):
        """{MeasureKind: planned amount} for the amounts filled in."""
        return {kind: self[kind.value].data for kind in MeasureKind if self[kind.value].data is not None}


class EffortViewForm(FlaskForm):
    """The effort view's category filter (a GET form)."""

    class Meta:
        csrf = False

    category = FilterSelectField(_l("Category"))

    def __init__(self, categories, args):
        super().__init__(formdata=args)
        self.category.choices = [("", _l("All categories"))] + [(str(c.id), c.name) for c in categories]

    def validate_category(self, field):
        if field.data and field.data not in {value for value, _label in self.category.choices}:
            field.data = ""
            raise ValidationError(self.category.message)

    @property
    def category_id(self):
        return int(self.category.data) if self.category.data else None


class PublishForm(FlaskForm):
    """Publish the public summary of a finished effort (a button)."""
