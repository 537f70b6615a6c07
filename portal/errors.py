"""Error pages in Swedish, with the status code kept: never a bare server error page."""
from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db

MESSAGES = {
    400: (_l("The request could not be handled"),
          _l("Something in what was sent was not right. Go back and try again.")),
    403: (_l("You do not have access"), _l("You do not have permission to see this page.")),
    404: (_l("The page could not be found"), _l("The address may be wrong, or the page has been moved.")),
    405: (_l("The request could not be handled"), _l("The page cannot be used that way.")),
    413: (_l("What you sent is too large"), lambda: _l(
        "Photos may be at most %(mb)s MB each and at most %(count)s. Go back and choose smaller "
        "photos.", mb=current_app.config["PHOTO_MAX_BYTES"] // 2**20,
        count=current_app.config["PHOTO_MAX_COUNT"])),
    422: (_l("The request could not be handled"),
          _l("Something in what was sent was not right. Go back and try again.")),
    429: (_l("Too many attempts"),
          _l("You have sent too much in a short time. Wait a few minutes and try again. If it is urgent, call 112.")),
    500: (_l("Something went wrong"),
          _l("An error occurred on our side. Try again in a while. If it is urgent, call 112.")),
}


def render_error(code, title=None, message=None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    if callable(default_message):  # one that reads its numbers from the settings
        default_message = default_message()
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l("The form had expired"),
            _l("For your security the form is only valid for a while. Go back, reload the page and send again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return render_error(500)
