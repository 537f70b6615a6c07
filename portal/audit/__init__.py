"""The audit log: every change staff make, append-only, and the page that shows it."""
from portal.audit import models, routes


def init_app(app):
    models.listen_to_sessions()
    app.register_blueprint(routes.bp)
