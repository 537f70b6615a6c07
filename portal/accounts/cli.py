"""`flask --app portal users create|list|deactivate`: staff accounts from the command line."""
import sys

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from portal.accounts import services
from portal.accounts.models import Role, User
from portal.common.rules import RuleError
from portal.extensions import db

users = AppGroup("users", help="Staff accounts: create, list and deactivate.")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="coordinator, handler or editor.")
@click.option("--department", "departments", multiple=True, metavar="SLUG",
              help="A department the account belongs to (repeat for several).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of asking.")
def create_command(email, name, role, departments, password_stdin):
    """Create a staff account; the password is asked for twice."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(
            email, name, role, password, services.departments_by_slug(departments)
        )
    except RuleError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(_("Created %(email)s (%(role)s).", email=user.email, role=user.role.label))


@users.command("list")
def list_command():
    """List every staff account with role, departments and whether it is active."""
    for user in db.session.scalars(db.select(User).order_by(User.email)):
        state = _("active") if user.is_active else _("deactivated")
        departments = ", ".join(d.slug for d in user.departments) or "-"
        click.echo(f"{user.email}\t{user.name}\t{user.role.value}\t{departments}\t{state}")


@users.command("deactivate")
@click.argument("email")
def deactivate_command(email):
    """Deactivate an account and end its sessions (accounts are never deleted)."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(_("There is no account for %(email)s.", email=email))
    changed = services.deactivate(user)
    db.session.commit()
    click.echo(
        _("Deactivated %(email)s.", email=user.email)
        if changed
        else _("%(email)s was already deactivated.", email=user.email)
    )
