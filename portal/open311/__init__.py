"""Open311 GeoReport v2 under /open311/v2/: other systems read published reports and send
new ones (held for moderation like the web form's), and the coordinator's keys for them."""


def init_app(app):
    from portal.extensions import csrf
    from portal.open311 import keys, routes

    # Key-authenticated POSTs from other systems, never from a browser session: a CSRF
    # token could not be had, and a session cookie is not what authorises them.
    csrf.exempt(routes.bp)
    app.register_blueprint(routes.bp)
    app.register_blueprint(keys.bp)
