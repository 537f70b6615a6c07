"""`flask --app portal send-alerts [--frequency daily|instant]`: the alert job for cron
(daily once a day; the running portal's mail sender sends "instant" by itself)."""
import click
from flask.cli import with_appcontext

from portal.alerts import jobs


@click.command("send-alerts")
@click.option("--frequency", type=click.Choice(["daily", "instant"]), default="daily", show_default=True)
@with_appcontext
def send_alerts_command(frequency):
    """Queue alert mail (digest or at once) for what was published since the last run."""
    mailed, lines = jobs.run(frequency)
    click.echo(f"send-alerts {frequency}: {mailed} mails, {lines} lines queued")
