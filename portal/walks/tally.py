"""How many walkers each walk had, without counting them: the confirmed sign-ups not marked
absent per slot, kept in table walk_tally in the same transaction as the change.

The lägesbild counts walk evenings held and walkers per week and area. At 50,000 sign-ups
it grouped every sign-up there had ever been on every cold view (about 15 ms of the public
page, which shows one year); from the tally it reads one row per slot of the period.

Kept by an after_flush listener (registered by portal.walks.init_app) that adds, for each
flushed sign-up, the difference between the slot it counts for now and the one it counted
for when loaded or last flushed: portal.common.flushed.KeptCount, as the reports' tally.
Bulk writers that go around the ORM (the demo generator, the benchmarks) call rebuild()
after their insert, in the same transaction; migration i24_walk_tally fills the table.
"""
from sqlalchemy import ForeignKey, Integer, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.common.flushed import KeptCount
from portal.extensions import db
from portal.walks.models import SignupStatus, WalkSignup

FIELDS = ("slot_id", "status", "attended")


class WalkTally(db.Model):
    __tablename__ = "walk_tally"

    slot_id: Mapped[int] = mapped_column(ForeignKey("walk_slot.id"), primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False)  # confirmed, not marked absent


def slot_of(slot_id, status, attended):
    """(the slot a sign-up counts as a walker for,), or None (waiting, cancelled, absent)."""
    if slot_id is None or status not in (SignupStatus.CONFIRMED, SignupStatus.CONFIRMED.value) or attended is False:
        return None
    return (slot_id,)


def counts_as_walker():
    """The same rule as slot_of, in SQL."""
    return [WalkSignup.status == SignupStatus.CONFIRMED,
            or_(WalkSignup.attended.is_(None), WalkSignup.attended.is_(True))]


def rebuild(connection=None):
    """Count the walkers anew (after a bulk insert that went around the ORM)."""
    connection = connection or db.session.connection()
    table = WalkTally.__table__
    connection.execute(table.delete())
    connection.execute(table.insert().from_select(
        ["slot_id", "n"],
        select(WalkSignup.slot_id, func.count()).where(*counts_as_walker()).group_by(WalkSignup.slot_id)))


KEPT = KeptCount(WalkSignup, FIELDS, slot_of, WalkTally.__table__, ("slot_id",))


def init_app(_app):
    """Keep the tally with every sign-up change made through the ORM (once per process)."""
    KEPT.listen(db.session)
