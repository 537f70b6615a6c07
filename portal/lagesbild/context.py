"""What every section of the lägesbild needs: the chosen period, area and category, the
lookups (names), the map grid, and the cache keyed by the data's fingerprint."""
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app

from portal.areas import area_names, configured_areas
from portal.common.dates import date_range
from portal.extensions import db
from portal.lagesbild import cache
from portal.lagesbild.buckets import Period
from portal.reports.models import Category, Department
from portal.timeutil import to_local, utcnow


@dataclass
class Context:
    period: Period
    area: str | None
    category_id: int | None
    categories: list
    departments: list
    today: date
    as_of: datetime  # now, to the hour (naive UTC): "past the service level" is measured here
    fingerprint: dict  # per source of data (cache.REPORTS, cache.WALKS)

    def remember(self, name, args, compute, source=cache.REPORTS):
        """compute() from the cache while the data it reads (`source`) is unchanged."""
        return cache.remember(self.fingerprint[source], name, args, compute)

    @property
    def as_of_epoch(self):
        return int(self.as_of.replace(tzinfo=UTC).timestamp())

    @property
    def category_names(self):
        return {c.id: c.name for c in self.categories}

    @property
    def area_names(self):
        return area_names()

    @property
    def areas(self):
        return configured_areas()

    @property
    def threshold(self):
        return current_app.config["LAGESBILD_PUBLIC_MIN_COUNT"]

    def shown_categories(self, counted_ids=()):
        """The chosen category, or every active one and any retired one with reports."""
        if self.category_id:
            return [c for c in self.categories if c.id == self.category_id]
        return [c for c in self.categories if c.is_active or c.id in counted_ids]


def lookups():
    categories = db.session.scalars(db.select(Category).order_by(Category.position, Category.name)).all()
    return categories, Department.all_by_name()


def build_context(period, area=None, category_id=None, found=None):
    """The context for one request; `found` is lookups() when the caller has them."""
    categories, departments = found or lookups()
    now = utcnow()
    return Context(
        period=period,
        area=area,
        category_id=category_id,
        categories=categories,
        departments=departments,
        today=to_local(now).date(),
        as_of=now.replace(minute=0, second=0, microsecond=0),
        fingerprint=cache.fingerprint(categories, departments),
    )


def today():
    return to_local(utcnow()).date()


def period_label(period):
    """1 juni–31 augusti 2026, or 1 december 2025–28 februari 2026."""
    return date_range(period.first, period.last)
