"""The app's own commands: `flask --app portal seed`, `demo`, `gallra`. (Features add
theirs in their init_app: `users`, `send-mail`, `send-reminders`.)"""
import time

import click
from flask_babel import gettext as _

from portal.accounts.models import Role
from portal.common.rules import RuleError
from portal.demo import load
from portal.extensions import db
from portal.retention import gallra_command
from portal.seed import seed_base_data


def init_app(app):
    app.cli.add_command(gallra_command)

    @app.cli.command("seed")
    def seed_command():
        """Create the departments and report categories if there are none."""
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
                click.echo(f"  {str(Role(role).label):24} {email}")
            click.echo(_("Password for every demo account: %(password)s", password=loaded.password))
