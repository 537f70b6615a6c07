"""Evening walks: the public rota, signing up, the RSS feed, and the staff pages."""


def init_app(app):
    from portal.walks import admin, admin_roster, feed, filters, reminders, routes, tally
    from portal.walks.cli import send_reminders_command

    app.register_blueprint(routes.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_roster.bp)
    app.add_template_filter(filters.weekday_date, "weekday_date")
    app.add_template_filter(filters.time_span, "time_span")
    reminders.init_app(app)  # walk mail goes out with every round of the mail sender
    tally.init_app(app)
    app.cli.add_command(send_reminders_command)
