"""Reports from residents: the form, the public pages and the RSS feed."""


def init_app(app):
    from portal.reports import feed, mapdata, routes, tally

    app.register_blueprint(routes.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(mapdata.bp)
    tally.init_app(app)
