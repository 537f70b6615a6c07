"""Fields for the GET filter forms (the queue, the lägesbild, the audit log): a filter
that is not in the query string is no filter, never an error.

A plain SelectField leaves `data` as None when its name is missing from the query string,
and a check against the choices then marks a page opened without filters as wrong.
"""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import ValidationError


class FilterSelectField(SelectField):
    """A select whose first choice ("All …") has the value "". Missing or empty means "";
    a value not among the choices is an error with `message`, and then counts as ""."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.message = message or _l("Choose one of the alternatives.")

    def process_formdata(self, valuelist):
        self.data = (valuelist[0] if valuelist else "") or ""

    def pre_validate(self, form):
        if self.data is None:
            self.data = ""
        if self.data not in {choice[0] for choice in self.choices}:
            self.data = ""
            raise ValidationError(self.message)
