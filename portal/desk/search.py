"""The queue's text search: full-text first (PostgreSQL's Swedish configuration over a GIN
expression index, SQLite's FTS5 table kept by triggers; both built in migration d1_volume),
then, when that finds nothing (a partial word, a number), the substring match as before."""
import re

from sqlalchemy import or_, select, text

from portal.extensions import db
from portal.reports.models import Report

# The same expression as the index fts_report (migration d1_volume), so PostgreSQL uses it.
DOCUMENT = ("to_tsvector('swedish'::regconfig, coalesce(report.description, '') || ' ' || "
            "coalesce(report.place, '') || ' ' || coalesce(report.public_title, '') || ' ' || "
            "coalesce(report.public_text, ''))")


def full_text(needle):
    """A condition on Report for the words of `needle`, all of them; None without words."""
    words = re.findall(r"\w+", needle)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return text(f"{DOCUMENT} @@ plainto_tsquery('swedish'::regconfig, :fts_words)").bindparams(
            fts_words=" ".join(words))
    query = " ".join('"' + word + '"' for word in words)  # each a quoted term: no FTS5 syntax
    return Report.id.in_(text("SELECT rowid FROM fts_report WHERE fts_report MATCH :fts_words")
                         .bindparams(fts_words=query).columns(rowid=db.Integer))


def substring(needle):
    """The old search: the text anywhere in the description, place or public text."""
    return or_(*[column.icontains(needle, autoescape=True)
                 for column in (Report.description, Report.place, Report.public_title, Report.public_text)])


def text_condition(needle):
    """Full-text when it finds any report, else the substring match."""
    found = full_text(needle)
    if found is not None and db.session.scalar(select(Report.id).where(found).limit(1)) is not None:
        return found
    return substring(needle)
