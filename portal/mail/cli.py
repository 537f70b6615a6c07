"""`flask --app portal send-mail`: deliver pending mail (for cron; the portal does it too)."""
import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.mail.services import deliver_pending


@click.command("send-mail")
@with_appcontext
def send_mail_command():
    """Deliver pending mail from the outbox (for cron; the running portal does it too)."""
    if not current_app.config["MAIL_SERVER"]:
        click.echo(_("No mail server is set (PORTAL_MAIL_SERVER); the mail waits in the outbox."))
        return
    sent, failed = deliver_pending()
    click.echo(_("Sent: %(sent)s, failed (retried later): %(failed)s", sent=sent, failed=failed))
