"""Open data at /oppna-data: published reports as CSV and GeoJSON, monthly counts, a ZIP
of them, and a DCAT-AP-SE catalogue for dataportal.se."""


def init_app(app):
    from portal.opendata import routes

    app.register_blueprint(routes.bp)
