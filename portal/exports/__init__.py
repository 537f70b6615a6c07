"""CSV exports of reports for staff."""
from portal.exports import routes


def init_app(app):
    app.register_blueprint(routes.bp)
