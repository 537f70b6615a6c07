"""Periods and their buckets (ISO weeks, calendar months) as Stockholm days and UTC ranges.

Bucket boundaries are computed here, in Python, from Stockholm midnights, and handed to
SQL as plain UTC timestamps: both databases then count the same reports into the same
week across DST changes and year ends, with no time-zone arithmetic in SQL.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext

from portal.periods import add_months, utc_range

SUMMER = ((6, 1), (8, 31))  # 1 June to 31 August


@dataclass(frozen=True)
class Period:
    """Stockholm days first..last, inclusive."""

    first: date
    last: date

    @property
    def utc(self):
        return utc_range(self.first, self.last)

    def year_earlier(self):
        """The same days a year before; 29 February becomes 28 February."""
        return Period(add_months(self.first, -12), add_months(self.last, -12))

    def key(self):
        return (self.first.isoformat(), self.last.isoformat())


@dataclass(frozen=True)
class Bucket:
    """One column of a chart: a week or month clipped to the period, with its UTC range."""

    index: int
    kind: str  # "week" or "month"
    first: date
    last: date
    year: int  # the ISO year for a week
    number: int  # ISO week or month number

    @property
    def utc(self):
        return utc_range(self.first, self.last)

    @property
    def is_partial(self):
        """A week or month cut by the period's start or end."""
        if self.kind == "week":
            return (self.last - self.first).days < 6
        month_end = add_months(self.first.replace(day=1), 1) - timedelta(days=1)
        return self.first.day != 1 or self.last != month_end


def weeks(period):
    """The ISO 8601 weeks (Monday to Sunday) that meet the period, clipped to it. The year
    is the ISO year: 31 December 2026 and 3 January 2027 are both week 53 of 2026."""
    found, day = [], period.first
    while day <= period.last:
        iso_year, iso_week, weekday = day.isocalendar()
        last = min(day + timedelta(days=7 - weekday), period.last)
        found.append(Bucket(len(found), "week", day, last, iso_year, iso_week))
        day = last + timedelta(days=1)
    return found


def months(period):
    """The calendar months that meet the period, clipped to it."""
    found, day = [], period.first
    while day <= period.last:
        last = min(add_months(day.replace(day=1), 1) - timedelta(days=1), period.last)
        found.append(Bucket(len(found), "month", day, last, day.year, day.month))
        day = last + timedelta(days=1)
    return found


def default_summer(today):
    """The summer to show when nobody chose: this year's while it runs (1 June to today,
    so that it is compared with the same days a year earlier) or once it is over, and
    last year's before 1 June."""
    (first_month, first_day), (last_month, last_day) = SUMMER
    first = date(today.year, first_month, first_day)
    last = date(today.year, last_month, last_day)
    if today < first:
        return Period(first.replace(year=today.year - 1), last.replace(year=today.year - 1))
    return Period(first, min(last, today))


def month_of(today):
    return Period(today.replace(day=1), today)


def year_of(today):
    return Period(today.replace(month=1, day=1), today)


def week_labels(buckets):
    """"Week 23 2026" for each week bucket, "*" after one only partly in the period: the
    translation looked up once, not once per week (three years are 157)."""
    pattern = gettext("Week %(week)s %(year)s")
    return [pattern % {"week": b.number, "year": b.year} + ("*" if b.is_partial else "") for b in buckets]


def short_week_labels(buckets):
    """"w. 23" for each week bucket, "*" after one only partly in the period."""
    pattern = gettext("w. %(week)s")
    return [pattern % {"week": b.number} + ("*" if b.is_partial else "") for b in buckets]
