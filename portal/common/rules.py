"""One way to refuse: a service raises RuleError when a rule is broken; the route hands it
to `refuse`, which rolls back and puts the message where the person sees it."""
from flask import flash

from portal.extensions import db


class RuleError(Exception):
    """A rule was broken and nothing may be saved. `message` (a Swedish text through
    Flask-Babel) says what to do instead; `field` names the form field it concerns (None:
    the whole form); `suggestion` is a value the form may offer instead (a free address)."""

    def __init__(self, message, field=None, suggestion=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.suggestion = suggestion

    def __str__(self):
        return str(self.message)


def refuse(form, error):
    """Roll back, and put the message at the form field it concerns; when the form has no
    such field, above the form (the error summary shows it without a link). With no form
    (a button that redirects), the message is said in a flash."""
    db.session.rollback()
    message = str(error)
    if form is None:
        flash(message, "info")
    elif error.field is not None and error.field in form:
        field = form[error.field]
        field.errors = [*field.errors, message]  # a tuple until the form is validated
    else:
        form.form_errors.append(message)
