"""News: the public pages and feeds, and the editors' pages."""


def init_app(app):
    from portal.news import admin, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
