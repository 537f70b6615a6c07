"""The demo's guard shifts: the latest summer effort's social, outreach-minded guards on
Friday and Saturday evenings in Bjuv and Billesholm, now and then short of the contract."""
from datetime import timedelta

from portal.demo.reports import EFFORT_AREAS
from portal.extensions import db
from portal.guards.models import GuardShift
from portal.lagesbild.buckets import default_summer

COMPANY = "Nordvakt Trygghet AB"
NOTES = ["", "", "", "Samtal med unga vid skateparken.", "Lugnt kväll, regn.", "Klotter anmält vid stationen."]


def add_guard_shifts(rng, today):
    """Two guards for four hours (8 planned hours) each Friday and Saturday of the summer."""
    summer = default_summer(today)
    shifts, day = [], summer.first
    while day <= summer.last:
        if day.isoweekday() in (5, 6):
            for area in sorted(EFFORT_AREAS):
                delivered = rng.choice([480, 480, 480, 480, 480, 360, 240])
                shifts.append(GuardShift(
                    day=day, area=area, company=COMPANY, planned_minutes=480, delivered_minutes=delivered,
                    vandalism=rng.choice([0, 0, 0, 1, 2]), disturbance=rng.choice([0, 0, 1]),
                    police=rng.choice([0, 0, 0, 0, 1]), other=rng.choice([0, 1]), note=rng.choice(NOTES),
                ))
        day += timedelta(days=1)
    db.session.add_all(shifts)
    db.session.flush()
    return shifts
