"""Forms for report categories and departments."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from portal.common.text import clean_multiline_text, clean_text

CATEGORY_TEXT_MAX = 1000
SERVICE_LEVEL_MAX = 8760  # a year, in hours
POSITION_MAX = 999


class WholeNumberField(IntegerField):
    """A whole number typed as text: one message of ours for "abc", "1.5" or out of range,
    never WTForms' own English message next to it."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, invalid_value_message=message, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and not (valuelist[0] or "").strip():
            self.data = None  # empty: Optional or InputRequired decide
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


def _optional_id(value):
    return "" if value is None else str(value)


class CategoryForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[clean_text],
        description=_l("Shown to residents on the report form."),
        validators=[
            DataRequired(message=_l("Write the category's name.")),
            Length(max=120, message=_l("The name may be at most 120 characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[clean_multiline_text],
        description=_l("A sentence under the name that helps residents choose. Plain text."),
        validators=[
            DataRequired(message=_l("Write a description.")),
            Length(max=CATEGORY_TEXT_MAX,
                   message=_l("The description may be at most 1 000 characters.")),
        ],
    )
    notice = TextAreaField(
        _l("Notice on the form (optional)"),
        filters=[clean_multiline_text],
        description=_l("Shown when a resident chooses the category, for example when to "
                       "call 112. Plain text."),
        validators=[
            Optional(),
            Length(max=CATEGORY_TEXT_MAX,
                   message=_l("The notice may be at most 1 000 characters.")),
        ],
    )
    service_level_hours = WholeNumberField(
        _l("Service level in hours (optional)"),
        description=_l('Shown as "We aim to deal with it within … hours". Leave empty for '
                       "none."),
        message=_l("Enter the service level as a whole number of hours from 1 to 8760, or "
                   "leave it empty."),
        validators=[
            Optional(),
            NumberRange(min=1, max=SERVICE_LEVEL_MAX,
                        message=_l("Enter the service level as a whole number of hours "
                                   "from 1 to 8760, or leave it empty.")),
        ],
    )
    department_id = SelectField(
        _l("Department"),
        description=_l("New reports in the category are sent to this department."),
        coerce=_optional_id,
        validate_choice=False,
    )
    position = WholeNumberField(
        _l("Order on the form"),
        description=_l("Categories are listed on the form from the lowest number."),
        message=_l("Enter the position as a whole number from 0 to 999."),
        validators=[
            InputRequired(message=_l("Enter the position as a whole number from 0 to 999.")),
            NumberRange(min=0, max=POSITION_MAX,
                        message=_l("Enter the position as a whole number from 0 to 999.")),
        ],
    )
    is_active = BooleanField(
        _l("In use on the report form"),
        description=_l("Untick to retire the category: it leaves the form but keeps its "
                       "reports."),
    )
    is_sensitive = BooleanField(
        _l("Sensitive: left out of open data"),
        description=_l("Reports in this category are never in the open data files, not even "
                       "as counts. They are still shown on the site once published."),
    )

    def __init__(self, departments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.id): d for d in departments}
        self.department_id.choices = [("", _l("No department"))] + [
            (str(d.id), d.name) for d in departments
        ]

    @property
    def chosen_department(self):
        return self.departments.get(self.department_id.data or "")

    def validate_department_id(self, field):
        if field.data and field.data not in self.departments:
            raise ValidationError(_l("Choose one of the listed departments."))


class DepartmentForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write the department's name.")),
            Length(max=120, message=_l("The name may be at most 120 characters.")),
        ],
    )
    email = StringField(
        _l("Contact email (optional)"),
        filters=[clean_text],
        description=_l("A shared address that is told when a report is sent to the department."),
        validators=[
            Optional(),
            Length(max=254, message=_l("The email address may be at most 254 characters.")),
            Email(message=_l("Enter an email address in the form name@example.se.")),
        ],
    )
