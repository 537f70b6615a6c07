"""A meeting's agenda, generated from the data since the meeting before: hot spots, reports
past their service level per department, walk and guard highlights, the latest effort's
figures and the actions still open. Counts only (staff names on actions), never a
resident's or walker's personal data, so the police contact may read it."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from portal.areas import area_names
from portal.desk.queries import overdue_condition
from portal.efforts.figures import EffortFigures
from portal.efforts.models import Effort
from portal.extensions import db
from portal.group.models import ActionStatus, GroupAction, GroupMeeting
from portal.lagesbild import daily, presence_queries
from portal.lagesbild.buckets import Period
from portal.lagesbild.context import build_context
from portal.reports.models import Category, Department, Report
from portal.timeutil import utcnow

HOT_SPOTS = 5
FIRST_PERIOD_DAYS = 30


@dataclass
class Agenda:
    period: Period
    hot_spots: list = field(default_factory=list)  # (area name, category name, count)
    overdue: list = field(default_factory=list)  # (department name, count)
    walks: dict = field(default_factory=dict)  # walks, walkers, hours
    guards: dict = field(default_factory=dict)  # planned, delivered, incidents (hours)
    effort: object = None  # EffortFigures of the latest effort begun, or None
    open_actions: list = field(default_factory=list)  # GroupAction from earlier meetings


def previous_meeting(meeting):
    return db.session.scalar(select(GroupMeeting).where(
        (GroupMeeting.held_on < meeting.held_on)
        | ((GroupMeeting.held_on == meeting.held_on) & (GroupMeeting.id < meeting.id))
    ).order_by(GroupMeeting.held_on.desc(), GroupMeeting.id.desc()).limit(1))


def open_actions_before(meeting):
    """Actions decided at earlier meetings that are not done: they return on every agenda."""
    return db.session.scalars(
        select(GroupAction).join(GroupMeeting).where(
            GroupAction.status != ActionStatus.DONE, GroupMeeting.held_on <= meeting.held_on,
            GroupMeeting.id != meeting.id,
        ).order_by(GroupAction.deadline, GroupAction.id)
    ).all()


def build_agenda(meeting, today):
    before = previous_meeting(meeting)
    last = min(meeting.held_on, today)
    first = before.held_on if before else last - timedelta(days=FIRST_PERIOD_DAYS)
    first = min(first, last)
    period = Period(first, last)
    agenda = Agenda(period=period, open_actions=open_actions_before(meeting))
    names = area_names()
    categories = {c.id: c.name for c in db.session.scalars(select(Category))}
    rows = db.session.execute(
        select(daily.LagesbildCount.area, daily.LagesbildCount.category_id, func.sum(daily.LagesbildCount.n))
        .where(daily.LagesbildCount.kind == daily.RECEIVED, daily.LagesbildCount.day >= first,
               daily.LagesbildCount.day <= last)
        .group_by(daily.LagesbildCount.area, daily.LagesbildCount.category_id)
        .order_by(func.sum(daily.LagesbildCount.n).desc()).limit(HOT_SPOTS)
    ).all()
    agenda.hot_spots = [(names.get(area, area), categories.get(cid, "–"), int(n)) for area, cid, n in rows]
    departments = {d.id: d.name for d in Department.all_by_name()}
    overdue = db.session.execute(
        select(Report.department_id, func.count()).where(overdue_condition()).group_by(Report.department_id)
    ).all()
    agenda.overdue = sorted(((departments.get(d, "–"), int(n)) for d, n in overdue if d is not None),
                            key=lambda row: -row[1])
    ranges = [(0, *period.utc)]
    held = presence_queries.walks_held(ranges, utcnow())
    agenda.walks = {"walks": sum(r[2] for r in held), "walkers": sum(r[3] for r in held),
                    "seconds": sum(r[4] for r in held)}
    shifts = presence_queries.guard_shifts(ranges)
    agenda.guards = {"planned": sum(r[2] for r in shifts) * 60, "delivered": sum(r[3] for r in shifts) * 60,
                     "incidents": sum(r[4] for r in shifts)}
    effort = db.session.scalar(select(Effort).where(Effort.first_day <= last)
                               .order_by(Effort.first_day.desc()).limit(1))
    if effort is not None:
        agenda.effort = EffortFigures(effort, build_context(None))
    return agenda
