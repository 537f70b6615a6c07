"""Events: the public calendar with .ics files and RSS, and the editors' pages."""


def init_app(app):
    from portal.events import admin, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.add_template_filter(routes.event_time, "event_time")
