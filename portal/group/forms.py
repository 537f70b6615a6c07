"""Trygga chefer's forms: a meeting, its minutes, an action decided, an action's status."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.common.text import clean_multiline_text, clean_text
from portal.group.models import ActionStatus
from portal.periods import DayField, DayRequired


class MeetingForm(FlaskForm):
    held_on = DayField(_l("Date of the meeting"), description=_l("As 2026-09-14."),
                       validators=[DayRequired(_l("Enter the date of the meeting."))])
    title = StringField(_l("Title"), filters=[clean_text], description=_l("For example Trygga chefer, September."),
                        validators=[DataRequired(message=_l("Write a title.")),
                                    Length(max=120, message=_l("The title may be at most 120 characters."))])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        _l("Minutes"), filters=[clean_multiline_text],
        description=_l("What was said and agreed. Never names of residents, walkers or young people."),
        validators=[Length(max=20000, message=_l("The minutes may be at most 20 000 characters."))])


class ActionForm(FlaskForm):
    title = StringField(_l("Action decided"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Write what is to be done.")),
                                    Length(max=300, message=_l("Write at most 300 characters."))])
    department = SelectField(_l("Owning department"), validate_choice=False)
    owner = SelectField(_l("Person responsible"), validate_choice=False)
    deadline = DayField(_l("Deadline"), description=_l("As 2026-10-01."),
                        validators=[DayRequired(_l("Enter the deadline."))])

    def __init__(self, departments, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.department.choices = [("", _l("Choose a department"))] + [(str(d.id), d.name) for d in departments]
        self.owner.choices = [("", _l("Choose a person"))] + [(str(u.id), u.name) for u in people]

    def validate_department(self, field):
        if field.data not in {value for value, _label in self.department.choices[1:]}:
            raise ValidationError(_l("Choose the department that owns the action."))

    def validate_owner(self, field):
        if field.data not in {value for value, _label in self.owner.choices[1:]}:
            raise ValidationError(_l("Choose the person responsible."))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in ActionStatus]

    def validate_status(self, field):
        if field.data not in {s.value for s in ActionStatus}:
            raise ValidationError(_l("Choose one of the alternatives."))
