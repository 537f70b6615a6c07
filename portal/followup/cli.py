"""`flask --app portal send-fixed-surveys`: "is it still fixed?" mail (for cron; the running
portal's mail sender does the same every round)."""
import click
from flask.cli import with_appcontext

from portal.followup import survey


@click.command("send-fixed-surveys")
@with_appcontext
def send_fixed_surveys_command():
    """Queue "is it still fixed?" mail for reports fixed FIXED_SURVEY_DAYS ago."""
    click.echo(f"send-fixed-surveys: {survey.send_due()} mails queued")
