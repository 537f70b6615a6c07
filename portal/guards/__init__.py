"""Guard shifts (väktarpass): planned against delivered hours per area and evening."""


def init_app(app):
    from portal.guards import routes

    app.register_blueprint(routes.bp)
    app.add_template_filter(routes._hours, "guard_hours")
