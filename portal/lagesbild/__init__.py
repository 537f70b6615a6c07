"""The lägesbild (situation picture): reports in figures for staff and the public."""


def init_app(app):
    from portal.areas import configured_areas
    from portal.lagesbild import cli, daily, routes

    with app.app_context():
        configured_areas()  # a malformed AREAS setting stops the app at start, not a page
    daily.init_app(app)  # the daily counts follow every report change, in its flush
    app.cli.add_command(cli.lagesbild_rebuild_command)
    app.register_blueprint(routes.bp)
    app.add_template_filter(routes.lagesbild_cell, "lagesbild_cell")
    app.add_template_filter(routes.month_and_year, "month_and_year")
