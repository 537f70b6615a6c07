"""Efforts (insatser): seasonal work in chosen areas, and its figures in the lägesbild."""


def init_app(app):
    from portal.efforts import routes

    app.register_blueprint(routes.bp)
