"""`flask --app portal send-reminders`: walk mail that goes by the clock (for cron; the
running portal's mail sender does the same every round)."""
import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.walks.reminders import send_due


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """Queue due walk reminders, walk-report requests and too-few-walkers warnings."""
    counts = send_due()
    click.echo(_(
        "Put in the outbox: reminders %(reminders)s, walk report requests %(report_requests)s, "
        "warnings about walks with too few walkers %(under_minimum)s.", **counts,
    ))
