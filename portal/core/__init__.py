"""The front page and the pages every site must have."""
from portal.core import routes


def init_app(app):
    app.register_blueprint(routes.bp)
