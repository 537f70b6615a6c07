"""Response helpers every blueprint may use."""
from flask import make_response

PRIVATE = "private, no-store"


def no_store(*rv):
    """A response that no shared cache, proxy or browser history keeps: for pages behind a
    private link, staff pages with personal data and files of exported data. Takes what a
    view may return (a body, a status, headers, or a finished response)."""
    response = make_response(*rv)
    response.headers["Cache-Control"] = PRIVATE
    return response
