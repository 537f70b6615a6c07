"""Forms on the case page (each with the version it was built from) and the queue filter."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.common.text import clean_multiline_text, clean_text
from portal.desk.queries import QueueFilter
from portal.filterfields import FilterSelectField
from portal.periods import DayField
from portal.reports.forms import DESCRIPTION_MAX, read_position
from portal.reports.models import PLACE_MAX, ReportStatus

REASON = dict(
    label=_l("Why (for the audit log, optional)"),
    filters=[clean_text],
    validators=[Optional(), Length(max=1000, message=_l("Write at most 1 000 characters."))],
)


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class CaseForm(FlaskForm):
    """Every action form carries the report's version: a stale form is refused."""

    version = HiddenField()


class PublishForm(CaseForm):
    public_title = StringField(
        _l("Public title"), filters=[clean_text],
        validators=[DataRequired(message=_l("Write a public title.")),
                    Length(max=200, message=_l("The title may be at most 200 characters."))],
    )
    public_text = TextAreaField(
        _l("Public text"), filters=[clean_multiline_text],
        description=_l("Rewrite in your own words. Remove names of people, contact details "
                       "and anything that can identify someone."),
        validators=[DataRequired(message=_l("Write a public text.")),
                    Length(max=DESCRIPTION_MAX, message=_l("The text may be at most 5 000 characters."))],
    )


class HideForm(CaseForm):
    reason = StringField(
        _l("Why (for the audit log)"), filters=[clean_text],
        validators=[Length(max=1000, message=_l("Write at most 1 000 characters."))],
    )


class StatusForm(CaseForm):
    status = SelectField(_l("New status"), validate_choice=False)
    note = TextAreaField(
        _l("Public note (optional)"), filters=[clean_multiline_text],
        description=_l("Shown in the report's history. Mailed to the reporter if they asked for replies."),
        validators=[Optional(), Length(max=2000, message=_l("The note may be at most 2 000 characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in ReportStatus if s is not ReportStatus.DUPLICATE]

    def validate_status(self, field):
        if field.data not in {value for value, _label in self.status.choices}:
            raise ValidationError(_l("Choose one of the statuses."))

    @property
    def chosen_status(self):
        return ReportStatus(self.status.data)


class ReplyForm(CaseForm):
    message = TextAreaField(
        _l("Public reply"), filters=[clean_multiline_text],
        description=_l("Shown on the report's page and the reporter's private page, and mailed to them if they asked."),
        validators=[DataRequired(message=_l("Write the reply.")),
                    Length(max=2000, message=_l("The reply may be at most 2 000 characters."))],
    )


class NoteForm(CaseForm):
    body = TextAreaField(
        _l("Internal note"), filters=[clean_multiline_text],
        description=_l("Only staff see notes. They are never published or mailed."),
        validators=[DataRequired(message=_l("Write the note.")),
                    Length(max=5000, message=_l("The note may be at most 5 000 characters."))],
    )


class ChoiceForm(CaseForm):
    """A form that picks one of a list given at runtime (department, person, category)."""

    choice_message = _l("Choose one of the alternatives.")

    def __init__(self, options, *args, allow_none=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(key): value for key, value in options}
        choices = [("", _l("Nobody"))] if allow_none else []
        self.choice.choices = choices + [
            (str(key), getattr(value, "name", value)) for key, value in options
        ]
        self.allow_none = allow_none

    def validate_choice(self, field):
        if field.data in self.options or (self.allow_none and field.data == ""):
            return
        raise ValidationError(self.choice_message)

    @property
    def chosen(self):
        return self.options.get(self.choice.data)


class RouteForm(ChoiceForm):
    choice = SelectField(_l("Department"), validate_choice=False)
    reason = StringField(**REASON)


class AssignForm(ChoiceForm):
    choice = SelectField(_l("Assigned to"), validate_choice=False)


class CategoryForm(ChoiceForm):
    choice = SelectField(_l("Category"), validate_choice=False)
    reason = StringField(**REASON)


class DuplicateForm(CaseForm):
    original = StringField(
        _l("Case number of the original report"), filters=[clean_text],
        description=_l("For example TR-2026-00042 or 42."),
        validators=[DataRequired(message=_l("Write the case number of the original report.")),
                    Length(max=40, message=_l("Write a case number such as TR-2026-00042."))],
    )
    reason = StringField(**REASON)


class PlaceForm(CaseForm):
    place = StringField(
        _l("Place in words"), filters=[clean_text],
        validators=[Optional(), Length(max=PLACE_MAX, message=_l(
            "The place may be at most %(max)s characters.", max=PLACE_MAX))],
    )
    lat = StringField(_l("Latitude"), filters=[clean_text], validators=[Optional()])
    lon = StringField(_l("Longitude"), filters=[clean_text], validators=[Optional()])
    reason = StringField(**REASON)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        valid = read_position(self) and valid
        if valid and not self.place.data and self.position is None:
            self.place.errors.append(_l("Describe the place in words or give a position."))
            valid = False
        return valid


class PhotoForm(CaseForm):
    reason = StringField(**REASON)


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string (GET: no CSRF token needed)."""

    class Meta:
        csrf = False

    status = FilterSelectField(_l("Status"))
    category = FilterSelectField(_l("Category"))
    department = FilterSelectField(_l("Department"))
    received_from = DayField(_l("Received from"), description=_l("Date as 2026-06-01."))
    received_to = DayField(_l("Received to"))
    q = StringField(
        _l("Text or case number"), filters=[clean_text],
        validators=[Optional(), Length(max=200, message=_l("Search for at most 200 characters."))],
    )
    attention = HiddenField()
    sort = FilterSelectField(_l("Order"))

    def __init__(self, categories, departments, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort.choices = [("", _l("Newest first")), ("jag-ocksa", _l("Most “me too” first"))]
        self.status.choices = [("", _l("All statuses"))] + [(s.value, s.label) for s in ReportStatus]
        self.category.choices = [("", _l("All categories"))] + [(str(c.id), c.name) for c in categories]
        self.department.choices = (
            [("", _l("All departments")), ("0", _l("No department yet"))]
            + [(str(d.id), d.name) for d in departments]
        )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.received_from.data and self.received_to.data and (
            self.received_to.data < self.received_from.data
        ):
            self.received_to.errors.append(_l("The end date must not be before the start date."))
            valid = False
        return valid

    def wanted(self):
        """The filter as a QueueFilter, leaving out any field that had an error."""
        def ok(field):
            return field.data if not field.errors else None

        return QueueFilter(
            status=ReportStatus(self.status.data) if ok(self.status) else None,
            category_id=_optional_int(ok(self.category)),
            department_id=_optional_int(ok(self.department)),
            received_from=ok(self.received_from),
            received_to=ok(self.received_to) if not self.received_to.errors else None,
            text=ok(self.q) or None,
            attention=self.attention.data or None,
            sort=self.sort.data or None,
        )
