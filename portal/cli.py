"""Commands: `flask --app portal seed`, `demo`, `send-mail`, `users`, `gallra`, `send-reminders`."""
import click
from flask_babel import gettext as _

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
    def demo_command():
        """Load fictional demo content when the database has no reports."""
        from portal.seed import seed_base_data, seed_demo_account, seed_demo_content, seed_demo_news
        from portal.walks.demo import seed_demo_walks

        seed_base_data()
        created = seed_demo_content()
        seed_demo_walks()
        account = seed_demo_account()
        seed_demo_news()
        db.session.commit()
        click.echo(
            _("Loaded demo content.")
            if created
            else _("The database already has reports; no demo content was added.")
        )
        if account:
            email, password = account
            click.echo(
                _("Demo coordinator: log in at /admin/logga-in as %(email)s with the password %(password)s",
                  email=email, password=password)
            )

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

    @app.cli.command("lagesbild-rebuild")
    def lagesbild_rebuild_command():
        """Recount the lägesbild's daily counts from the reports (after changing AREAS, or
        after writing reports around the ORM)."""
        from portal.extensions import db
        from portal.lagesbild.daily import rebuild_daily_counts

        rows = rebuild_daily_counts(db.session)
        db.session.commit()
        click.echo(_("Counted again: %(rows)s rows.", rows=rows))
