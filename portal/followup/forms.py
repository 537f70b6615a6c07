"""The reporter's forms on the follow page: more information, and "is it still fixed?"."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal.common.text import clean_multiline_text
from portal.reports.forms import ReportForm

TEXT_MAX = 3000


class AdditionForm(FlaskForm):
    text = TextAreaField(
        _l("What do you want to add?"),
        filters=[clean_multiline_text],
        description=_l("For example exactly where it is, or an answer to the municipality's question. "
                       "Do not write names of people."),
        validators=[DataRequired(message=_l("Write what you want to add.")),
                    Length(max=TEXT_MAX, message=_l("The text may be at most %(max)s characters.", max=TEXT_MAX))],
    )
    photo = MultipleFileField(_l("Photos (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_photos = []

    # The same checks as the report form: count, size, content by its bytes, no metadata.
    validate_photo = ReportForm.validate_photo
    _chosen_files = ReportForm._chosen_files
    _check_photos = ReportForm._check_photos

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) and self._check_photos()


class SurveyForm(FlaskForm):
    answer = RadioField(
        _l("Is it still fixed?"), validate_choice=False,
        validators=[InputRequired(message=_l("Answer yes or no."))],
    )
    comment = TextAreaField(
        _l("Comment (optional)"), filters=[clean_multiline_text],
        description=_l("If it is not fixed: what is wrong now? Do not write names of people."),
        validators=[Optional(), Length(max=TEXT_MAX, message=_l("The text may be at most %(max)s characters.",
                                                                  max=TEXT_MAX))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer.choices = [("fixed", _l("Yes, it is still fixed")), ("not_fixed", _l("No, it is not fixed"))]

    def validate_answer(self, field):
        if field.data not in ("fixed", "not_fixed"):
            raise ValidationError(_l("Answer yes or no."))
