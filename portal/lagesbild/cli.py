"""`flask --app portal lagesbild-rebuild`: count the lägesbild's daily counts (and the
reports' tallies, public and for the staff queue, and the walkers') again."""
import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.extensions import db
from portal.lagesbild.daily import rebuild_daily_counts
from portal.reports import tally
from portal.walks import tally as walk_tally


@click.command("lagesbild-rebuild")
@with_appcontext
def lagesbild_rebuild_command():
    """Recount the lägesbild's daily counts, the reports per category and status that
    /rapporter and the staff queue show, from the reports, and the walkers per walk (after changing
    AREAS, MAP_BOUNDS or LAGESBILD_GRID_METRES, or after writing reports or sign-ups around
    the ORM)."""
    rows = rebuild_daily_counts(db.session)
    tally.rebuild()
    walk_tally.rebuild()
    db.session.commit()
    click.echo(_("Counted again: %(rows)s rows.", rows=rows))
