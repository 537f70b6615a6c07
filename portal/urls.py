"""Absolute links for mail and feeds, from PUBLIC_BASE_URL, never from the request's Host;
and what every URL may carry: ids a database column can hold, page numbers, no NUL."""
from flask import abort, request
from werkzeug.routing import IntegerConverter

# The largest value of an integer column on PostgreSQL: a larger id is not found, never
# an error from the database.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in every rule of the app: a whole number from 1 to MAX_ID, otherwise
    the URL matches no rule (404)."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app):
    """Before any blueprint adds its rules: bounded ids, and no NUL in a request."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.before_request(_refuse_nul)


def _refuse_nul():
    """A NUL byte is never text a person typed, and no text column accepts it: a path
    with one names no page (404), a query string with one is a bad request (400)."""
    if "\x00" in request.path:
        abort(404)
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400)


def id_arg(name):
    """An id from the query string, or None when it is missing, not a number or out of range."""
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= MAX_ID else None


def page_arg():
    """The page number in ?page=: 1 when missing, not a number or below 1 (as a bogus
    filter is ignored); 404 beyond MAX_PAGE, which no list reaches."""
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


def absolute_url(endpoint, **values):
    """In the language of the page or mail being made (/en/…); see portal.i18n."""
    from portal.i18n import absolute_url as localized

    return localized(endpoint, **values)
