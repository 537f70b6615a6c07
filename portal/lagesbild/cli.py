"""`flask --app portal lagesbild-rebuild`: count the lägesbild's daily counts (and the
public reports' tally) again."""
import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.extensions import db
from portal.lagesbild.daily import rebuild_daily_counts
from portal.reports import tally


@click.command("lagesbild-rebuild")
@with_appcontext
def lagesbild_rebuild_command():
    """Recount the lägesbild's daily counts, and the public reports per category and
    status that /rapporter shows, from the reports (after changing AREAS, MAP_BOUNDS or
    LAGESBILD_GRID_METRES, or after writing reports around the ORM)."""
    rows = rebuild_daily_counts(db.session)
    tally.rebuild()
    db.session.commit()
    click.echo(_("Counted again: %(rows)s rows.", rows=rows))
