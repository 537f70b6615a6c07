"""Residents in the loop: alerts by place or category, and following any published report,
by mail with double opt-in and a one-click unsubscribe; the same places as feeds."""


def init_app(app):
    from portal.alerts import cli, routes
    from portal.alerts.jobs import send_instant
    from portal.mail.services import add_periodic_job

    app.register_blueprint(routes.bp)
    app.cli.add_command(cli.send_alerts_command)
    # "At once" alerts go out with every round of the running portal's mail sender.
    add_periodic_job(app, send_instant)
