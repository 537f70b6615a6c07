"""Fields for the GET filter forms (the queue, the lägesbild, the audit log): a filter
that is not in the query string is no filter, never an error.

A plain SelectField leaves `data` as None when its name is missing from the query string,
and a check against the choices then marks a page opened without filters as wrong.
"""
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import SelectField, widgets
from wtforms.validators import ValidationError


class Select(widgets.Select):
    """WTForms' select, with each plain option (no attributes of its own) written in one
    step: the same HTML as WTForms' render_option, without its general attribute builder,
    which cost more than the rest of the page's filter form (the staff queue renders four
    selects on every view)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        label = choice.label
        if hasattr(label, "__html__"):  # a lazy translation: translated once, not twice
            label = Markup(label.__html__())
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(value)}">{escape(label or choice.value)}</option>')


class FilterSelectField(SelectField):
    """A select whose first choice ("All …") has the value "". Missing or empty means "";
    a value not among the choices is an error with `message`, and then counts as ""."""

    widget = Select()

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
