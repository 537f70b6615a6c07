"""How many walkers each walk had, without counting them: the confirmed sign-ups not marked
absent per slot, kept in table walk_tally in the same transaction as the change.

The lägesbild counts walk evenings held and walkers per week and area. At 50,000 sign-ups
it grouped every sign-up there had ever been on every cold view (about 15 ms of the public
page, which shows one year); from the tally it reads one row per slot of the period.

Kept by an after_flush listener (registered by portal.walks.init_app) that adds, for each
flushed sign-up, the difference between the slot it counts for now and the one it counted
for when loaded or last flushed, as the reports' tally is kept (portal.reports.tally).
Bulk writers that go around the ORM (the demo generator, the benchmarks) call rebuild()
after their insert, in the same transaction; migration i24_walk_tally fills the table.
"""
from collections import Counter

from sqlalchemy import ForeignKey, Integer, event, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.common.flushed import add_counts, committed_values
from portal.extensions import db
from portal.walks.models import SignupStatus, WalkSignup

FIELDS = ("slot_id", "status", "attended")
_SNAPSHOT = "_walk_tally_counted"  # the FIELDS a loaded sign-up already counts under


class WalkTally(db.Model):
    __tablename__ = "walk_tally"

    slot_id: Mapped[int] = mapped_column(ForeignKey("walk_slot.id"), primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False)  # confirmed, not marked absent


def slot_of(slot_id, status, attended):
    """The slot a sign-up counts as a walker for, or None (waiting, cancelled, absent)."""
    if slot_id is None or status not in (SignupStatus.CONFIRMED, SignupStatus.CONFIRMED.value) or attended is False:
        return None
    return slot_id


def counts_as_walker():
    """The same rule as slot_of, in SQL."""
    return [WalkSignup.status == SignupStatus.CONFIRMED,
            or_(WalkSignup.attended.is_(None), WalkSignup.attended.is_(True))]


def _loaded(signup, _context):
    """A sign-up read with all FIELDS already counts under them (kept as they are)."""
    if all(name in signup.__dict__ for name in FIELDS):
        signup.__dict__[_SNAPSHOT] = tuple(signup.__dict__[name] for name in FIELDS)


def _before(signup):
    """The slot a flushed sign-up counted for before this flush."""
    if _SNAPSHOT in signup.__dict__:
        return slot_of(*signup.__dict__[_SNAPSHOT])
    return slot_of(*committed_values(signup, FIELDS))


def _after_flush(session, _flush_context):
    changes = Counter()
    new = [o for o in session.new if isinstance(o, WalkSignup)]
    for signup in new + [o for o in session.dirty if isinstance(o, WalkSignup) and session.is_modified(o)]:
        now = tuple(getattr(signup, name) for name in FIELDS)
        changes[slot_of(*now)] += 1
        if signup not in new:
            changes[_before(signup)] -= 1
        signup.__dict__[_SNAPSHOT] = now
    for signup in session.deleted:
        if isinstance(signup, WalkSignup):
            changes[_before(signup)] -= 1
    changes.pop(None, None)
    rows = [{"slot_id": slot_id, "n": delta} for slot_id, delta in changes.items() if delta]
    add_counts(session.connection(), WalkTally.__table__, ("slot_id",), rows)


def rebuild(connection=None):
    """Count the walkers anew (after a bulk insert that went around the ORM)."""
    connection = connection or db.session.connection()
    table = WalkTally.__table__
    connection.execute(table.delete())
    connection.execute(table.insert().from_select(
        ["slot_id", "n"],
        select(WalkSignup.slot_id, func.count()).where(*counts_as_walker()).group_by(WalkSignup.slot_id)))


def init_app(_app):
    """Keep the tally with every sign-up change made through the ORM (once per process)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
        event.listen(WalkSignup, "load", _loaded)
