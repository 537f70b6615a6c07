"""Absolute links for mail and feeds, from PUBLIC_BASE_URL, never from the request's Host."""
from flask import current_app


def absolute_url(endpoint, **values):
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
