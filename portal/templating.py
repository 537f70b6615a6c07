"""Jinja filters and globals: Swedish dates ("26 juni 2026", "kl. 19.00") and settings."""
from datetime import timezone

from flask import current_app
from flask_babel import format_date, format_datetime, format_time, get_locale


def long_date(value):
    """26 juni 2026 (a naive-UTC datetime is shown in Europe/Stockholm)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return format_datetime(value, "d MMMM y")
    return format_date(value, "d MMMM y")


def short_date(value):
    """2026-06-26, where space is tight."""
    if hasattr(value, "hour"):
        return format_datetime(value, "yyyy-MM-dd")
    return format_date(value, "yyyy-MM-dd")


def clock(value):
    """kl. 19.00"""
    return "kl. " + format_time(value, "HH.mm")


def date_and_time(value):
    """26 juni 2026 kl. 19.00"""
    return f"{long_date(value)} {clock(value)}"


def machine_time(value):
    """The value of a `datetime` attribute: 2026-06-26T17:00:00Z for a naive-UTC datetime
    (whole seconds: HTML allows at most three digits of a fraction), 2026-06-26 for a date."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()


def compact(attrs):
    """Drop None and empty values from a dict of HTML attributes before WTForms renders it."""
    return {key: value for key, value in attrs.items() if value not in (None, "")}


def init_app(app):
    # {% do list.append(x) %}: a statement for side effects, so that no template needs
    # {% set _ = … %}, which would replace the gettext function `_`.
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        long_date=long_date,
        short_date=short_date,
        clock=clock,
        date_and_time=date_and_time,
        machine_time=machine_time,
        compact=compact,
    )
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "sv")

    @app.context_processor
    def settings():
        config = current_app.config
        return {
            "municipality": {
                "name": config["MUNICIPALITY_NAME"],
                "phone": config["MUNICIPALITY_PHONE"],
                "email": config["MUNICIPALITY_EMAIL"],
                "address": config["MUNICIPALITY_ADDRESS"],
                "website": config["MUNICIPALITY_WEBSITE"],
            },
            "service_name": config["SERVICE_NAME"],
        }
