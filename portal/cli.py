"""Commands: `flask --app portal seed`, `demo`, `send-mail`, `users`, `gallra`, `send-reminders`."""
import click
from flask_babel import gettext as _

from portal.common.rules import RuleError
from portal.extensions import db


def init_app(app):
    from portal.accounts.cli import users
    from portal.retention import gallra_command
    from portal.walks.cli import send_reminders_command

    app.cli.add_command(users)
    app.cli.add_command(gallra_command)
    app.cli.add_command(send_reminders_command)

    @app.cli.command("seed")
    def seed_command():
        """Create the departments and report categories if there are none."""
        from portal.seed import seed_base_data

        created = seed_base_data()
        db.session.commit()
        click.echo(_("Created departments and categories.") if created else _("Categories already exist."))

    @app.cli.command("demo")
    @click.option("--seed", type=int, default=None, help="The same seed (and --now) gives the same data.")
    @click.option("--now", "now", type=click.DateTime(), default=None,
                  help="The moment the data ends, in UTC (default: now).")
    @click.option("--password", default=None,
                  help="The demo accounts' password (default: a new random one, printed).")
    def demo_command(seed, now, password):
        """Load a fictional municipality (three years of reports, walks, news, staff) when the
        database has no reports."""
        import time

        from portal.demo import load

        began = time.monotonic()
        try:
            loaded = load(seed=seed, now=now, password=password)
        except RuleError as error:
            raise click.BadParameter(str(error), param_hint="--password") from error
        db.session.commit()
        if loaded is None:
            click.echo(_("The database already has reports; no demo content was added."))
            return
        click.echo(_("Loaded demo content: %(count)s reports in %(seconds)s seconds.",
                     count=loaded.reports, seconds=f"{time.monotonic() - began:.1f}"))
        if loaded.accounts:
            click.echo(_("Demo accounts (log in at /admin/logga-in):"))
            for email, role in loaded.accounts:
                click.echo(f"  {role:12} {email}")
            click.echo(_("Password for every demo account: %(password)s", password=loaded.password))

    @app.cli.command("send-mail")
    def send_mail_command():
        """Deliver pending mail from the outbox (for cron; the running portal does it too)."""
        from flask import current_app

        from portal.mail.services import deliver_pending

        if not current_app.config["MAIL_SERVER"]:
            click.echo(_("No mail server is set (PORTAL_MAIL_SERVER); the mail waits in the outbox."))
            return
        sent, failed = deliver_pending()
        click.echo(_("Sent: %(sent)s, failed (retried later): %(failed)s", sent=sent, failed=failed))
