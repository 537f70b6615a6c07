"""How many entries the audit log holds per actor and action, kept in table audit_tally
with every entry written (the log is append-only: entries are only ever added), so that
the log page says how many it lists without counting them: at five million entries that
count was an index-only scan of half a second on every view. Filtered by a case or by
days, the page still counts (index ranges of those entries only).

Kept by an after_flush listener (registered by portal.audit.init_app); bulk writers that
go around the ORM (the demo generator, the benchmark) call rebuild() after their insert;
migration i22_audit_tally fills the table.
"""
from collections import Counter

from sqlalchemy import Integer, String, event, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.audit.models import AuditEntry
from portal.common.flushed import add_counts
from portal.extensions import db

NO_ACTOR = 0  # stored for the system's entries (a key column cannot be NULL)


class AuditTally(db.Model):
    __tablename__ = "audit_tally"

    actor_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    action: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


def counted(actor_id=None, action=None, system=False):
    """Entries in the log, of one actor (or the system's) and/or of one action."""
    query = select(func.coalesce(func.sum(AuditTally.n), 0))
    if system:
        query = query.where(AuditTally.actor_id == NO_ACTOR)
    elif actor_id is not None:
        query = query.where(AuditTally.actor_id == actor_id)
    if action:
        query = query.where(AuditTally.action == action)
    return db.session.scalar(query)


def _after_flush(session, _flush_context):
    added = Counter((entry.actor_id or NO_ACTOR, entry.action)
                    for entry in session.new if isinstance(entry, AuditEntry))
    if added:
        add_counts(session.connection(), AuditTally.__table__, ("actor_id", "action"),
                   [{"actor_id": actor, "action": action, "n": n} for (actor, action), n in added.items()])


def rebuild(connection=None):
    """Count the log anew (after a bulk insert that went around the ORM)."""
    connection = connection or db.session.connection()
    table = AuditTally.__table__
    actor = func.coalesce(AuditEntry.actor_id, NO_ACTOR)
    connection.execute(table.delete())
    connection.execute(table.insert().from_select(
        ["actor_id", "action", "n"],
        select(actor, AuditEntry.action, func.count()).group_by(actor, AuditEntry.action)))


def init_app(_app):
    """Keep the tally with every entry written through the ORM (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
