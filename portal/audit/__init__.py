"""The audit log: every change staff make, append-only, and the page that shows it."""


def init_app(app):
    from portal.audit import models, routes, tally

    models.listen_to_sessions()
    tally.init_app(app)
    app.register_blueprint(routes.bp)
