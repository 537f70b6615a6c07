""""Me too" on a published report: a count per report, kept without personal data."""


def init_app(app):
    from portal.metoo import routes, services

    app.register_blueprint(routes.bp)
    app.add_template_global(services.count, "me_too_count")
