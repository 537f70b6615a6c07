"""Categories and departments, kept by coordinators."""


def init_app(app):
    from portal.settings import routes

    app.register_blueprint(routes.bp)
