"""A believable, clearly fictional municipality for `flask --app portal demo`.

About three years of reports in the configured areas (seasons, and the latest summer's
effort against vandalism in Bjuv and Billesholm), each with the history its status needs;
evening walks every summer and coming ones; news and events; staff of every role. Every
value is computed first and written with bulk inserts (see bulk.py), so it loads in
seconds, and the same `seed` and `now` give the same data. It loads only into a database
without reports, so running it twice adds nothing.
"""
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.audit import tally as audit_tally
from portal.demo.bulk import Batch
from portal.demo.content import ContentMaker
from portal.demo.efforts import add_efforts
from portal.demo.group import add_meetings
from portal.demo.guards import add_guard_shifts
from portal.demo.open311 import add_open311
from portal.demo.photos import add_news_images, add_photos
from portal.demo.reports import ReportMaker
from portal.demo.residents import add_residents
from portal.demo.responses import add_response_templates
from portal.demo.staff import ACCOUNTS, create_staff
from portal.demo.walks import WalkMaker
from portal.extensions import db
from portal.lagesbild.buckets import default_summer
from portal.lagesbild.daily import rebuild_daily_counts
from portal.reports import tally
from portal.reports.models import Category, Department, Report
from portal.seed import seed_base_data
from portal.timeutil import to_local, utcnow
from portal.walks import tally as walk_tally

YEARS = 3


@dataclass
class Loaded:
    """What `load` made: the accounts (email, role) created now and their password."""

    reports: int = 0
    password: str | None = None
    accounts: list = field(default_factory=list)


def demo_accounts():
    """role → the demo's account emails, in the order they are printed."""
    roles = {}
    for email, _name, role, _departments in ACCOUNTS:
        roles.setdefault(role.value, []).append(email)
    return roles


def load(seed=None, now=None, password=None):
    """Load the municipality; None when the database already has reports. Flushes only."""
    seed_base_data()
    if db.session.scalar(select(func.count(Report.id))):
        return None
    now = (now or utcnow()).replace(microsecond=0)
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    password = password or secrets.token_urlsafe(12)
    local_today = to_local(now).date()
    first_day = date(local_today.year - YEARS, local_today.month, 1)
    start = now - (local_today - first_day) - timedelta(days=30)

    batch = Batch()
    staff = create_staff(batch, password, start)
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    reports = ReportMaker(batch, rng, now, categories, departments, staff,
                          current_app.config["MAP_BOUNDS"])
    made = reports.make(first_day)
    WalkMaker(batch, rng, now, staff).make(default_summer(local_today).first.year, YEARS)
    content = ContentMaker(batch, rng, now, staff)
    content.news(start + timedelta(days=20))
    content.events(start + timedelta(days=25))
    batch.write()
    add_photos(rng)
    add_news_images(rng)
    add_open311(rng)
    rebuild_daily_counts(db.session)  # the bulk inserts went around the ORM's flush
    tally.rebuild()
    audit_tally.rebuild()
    walk_tally.rebuild()
    add_residents(rng, now)
    add_efforts(staff, local_today)
    add_guard_shifts(rng, local_today)
    add_meetings(staff, local_today)
    add_response_templates()
    return Loaded(reports=made, password=password if staff.created else None, accounts=staff.created)
