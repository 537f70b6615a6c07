"""News: the public pages and feeds, and the editors' pages."""
from portal.news import admin, routes


def init_app(app):
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
