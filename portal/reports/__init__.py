"""Reports from residents: the form, the public pages and the RSS feed."""
from portal.reports import feed, routes


def init_app(app):
    app.register_blueprint(routes.bp)
    app.register_blueprint(feed.bp)
