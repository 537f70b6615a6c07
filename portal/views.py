"""Small helpers every blueprint's routes share."""
from flask import render_template


def render_form(template, form, **context):
    """A page with a form: 200 when shown, 422 when a submitted form comes back with errors."""
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status
