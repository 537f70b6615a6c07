"""CSV exports of reports for staff."""


def init_app(app):
    from portal.exports import routes

    app.register_blueprint(routes.bp)
