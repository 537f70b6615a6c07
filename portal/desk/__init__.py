"""The coordinator's desk: the overview, the queue and the case page with its actions."""


def init_app(app):
    from portal.desk import actions, queries, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(actions.bp)
    app.add_template_global(queries.is_overdue, "is_overdue")
