"""Fictional demo walks for `flask demo`: Friday and Saturday evenings for four weeks."""
from datetime import time, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.timeutil import to_local, utcnow
from portal.walks import slots
from portal.walks.models import WalkSlot


def seed_demo_walks():
    """Create the series when there are no walks at all; returns True if it did."""
    if db.session.scalar(select(func.count(WalkSlot.id))):
        return False
    first = to_local(utcnow()).date() + timedelta(days=1)
    fields = slots.SlotFields(
        start=time(19, 0), end=time(22, 0), meeting_point="Stortorget, vid fontänen",
        position=(56.0840, 12.9190), area="Centrum, stationen och skolgården", capacity=5,
        min_walkers=3, min_age=18, notes="Västar delas ut vid mötesplatsen. Exempel: påhittade promenader.",
    )
    slots.create_series(first, first + timedelta(weeks=4), [5, 6], fields)
    return True
