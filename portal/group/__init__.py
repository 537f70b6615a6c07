"""Trygga chefer: the cross-department group's members, meetings, agenda and actions."""


def init_app(app):
    from portal.group import routes, services
    from portal.lagesbild.context import today

    app.register_blueprint(routes.bp)

    @app.context_processor
    def group_actions():
        # The desk's overview lists the open actions its reader owns (desk does not import
        # this feature: the function is handed to every template and called only there).
        return {"my_group_actions": services.actions_of, "today_date": today}
