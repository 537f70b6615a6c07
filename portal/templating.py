"""Jinja filters and globals: Swedish dates ("26 juni 2026", "kl. 19.00") and settings."""
from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from portal import i18n
from portal.common import dates


def compact(attrs):
    """Drop None and empty values from a dict of HTML attributes before WTForms renders it."""
    return {key: value for key, value in attrs.items() if value not in (None, "")}


def ltr(value):
    """A case number, email, phone or URL kept left to right inside right-to-left text."""
    return Markup('<bdi dir="ltr">%s</bdi>') % value


def init_app(app):
    # {% do list.append(x) %}: a statement for side effects, so that no template needs
    # {% set _ = … %}, which would replace the gettext function `_`.
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        long_date=dates.long_date,
        short_date=dates.short_date,
        clock=dates.clock,
        date_and_time=dates.date_and_time,
        machine_time=dates.machine_time,
        compact=compact,
        ltr=ltr,
    )
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "sv")
    # The page's language (lang, dir), its versions in every language (hreflang, the
    # switcher) and the banner on a Swedish page for a browser that prefers another.
    app.jinja_env.globals.update(
        current_language=i18n.current,
        language_alternates=i18n.alternates,
        language_banner=i18n.banner,
        language_of=i18n.for_locale,
        in_language=i18n.in_language,
    )

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
