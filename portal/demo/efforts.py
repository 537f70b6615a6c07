"""The demo's efforts: the latest summer's effort against vandalism in Bjuv and Billesholm
(the reports in reports.py fell there while it ran), and next summer's, planned."""
from flask_babel import gettext as _

from portal.demo.reports import EFFORT_AREAS
from portal.efforts.models import Effort, EffortMeasure, MeasureKind
from portal.extensions import db
from portal.lagesbild.buckets import default_summer


def add_efforts(staff, today):
    """Flushes only; the past effort is finished, its summary not yet published."""
    summer = default_summer(today)
    author = staff.coordinators[0].id if staff.coordinators else None
    past = Effort(
        name=_("Summer effort %(year)s", year=summer.first.year),
        first_day=summer.first, last_day=summer.last, area_slugs=",".join(sorted(EFFORT_AREAS)),
        budget=420_000, created_by_id=author,
        description=_("Social, outreach-minded guards on summer evenings, extra evening walks and "
                      "lighting fixed at the skate park and the station."),
        measures=[EffortMeasure(kind=MeasureKind.WALKS, planned=24),
                  EffortMeasure(kind=MeasureKind.GUARD_HOURS, planned=480),
                  EffortMeasure(kind=MeasureKind.LIGHTING, planned=6),
                  EffortMeasure(kind=MeasureKind.FIELD_WORKERS, planned=2)],
    )
    coming = Effort(
        name=_("Summer effort %(year)s", year=summer.first.year + 1),
        first_day=summer.first.replace(year=summer.first.year + 1),
        last_day=summer.last.replace(year=summer.last.year + 1).replace(day=31, month=8),
        area_slugs="bjuv,ekeby", created_by_id=author, description="",
        measures=[EffortMeasure(kind=MeasureKind.GUARD_HOURS, planned=520)],
    )
    db.session.add_all([past, coming])
    db.session.flush()
    return [past, coming]
