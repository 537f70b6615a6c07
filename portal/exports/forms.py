"""The export form: a period of days, and contact details only with a stated reason."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, ValidationError

from portal.common.text import clean_multiline_text
from portal.periods import DayField, DayRequired, add_months

MAX_YEARS = 5  # a longer export is a bulk extract, not a follow-up; ask for several


class ExportForm(FlaskForm):
    date_from = DayField(
        _l("Received from"),
        validators=[DayRequired(message=_l("Enter the first day of the period."))],
    )
    date_to = DayField(
        _l("Received to and including"),
        validators=[DayRequired(message=_l("Enter the last day of the period."))],
    )
    include_contact = BooleanField(
        _l("Include the reporters' contact details (name, email, phone)"),
        description=_l("Only when you need them for the case work. The export is logged."),
    )
    reason = TextAreaField(
        _l("Why do you need the export?"),
        filters=[clean_multiline_text],
        description=_l("Required when contact details are included. It is kept in the audit log."),
        validators=[Length(max=500, message=_l("The reason may be at most 500 characters."))],
    )

    def validate_date_to(self, field):
        first = self.date_from.data
        if not (first and field.data):
            return
        if field.data < first:
            raise ValidationError(_l("The last day must be on or after the first day."))
        if field.data >= add_months(first, 12 * MAX_YEARS):
            raise ValidationError(_l(
                "The period may be at most %(years)s years. Export it in parts.", years=MAX_YEARS
            ))

    def validate_reason(self, field):
        if self.include_contact.data and not field.data:
            raise ValidationError(
                _l("Say why you need the contact details. The reason is kept in the audit log.")
            )
