"""The front page and the pages every site must have."""


def init_app(app):
    from portal.core import routes

    app.register_blueprint(routes.bp)
