"""Categories and departments, kept by coordinators."""
from portal.settings import routes


def init_app(app):
    app.register_blueprint(routes.bp)
