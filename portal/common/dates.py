"""Swedish dates and times, the same on a page, in a mail, a calendar file and a CSV file:
"26 juni 2026", "2026-06-26", "kl. 19.00–22.00", "vecka 26".

A naive datetime is UTC (the form the database stores) and is shown in Europe/Stockholm;
the Jinja filters in portal.templating are these functions. Conversion lives in
portal.timeutil."""
from datetime import UTC

from flask_babel import format_date, format_datetime, format_time

from portal.timeutil import to_local


def long_date(value):
    """26 juni 2026 (a naive-UTC datetime is shown in Europe/Stockholm)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return format_datetime(value, "d MMMM y")
    return format_date(value, "d MMMM y")


def weekday_date(value):
    """fredag 26 juni 2026 (Stockholm time); weekdays and months in lower case."""
    return format_datetime(value, "EEEE d MMMM y")


def short_date(value):
    """2026-06-26, where space is tight."""
    if hasattr(value, "hour"):
        return format_datetime(value, "yyyy-MM-dd")
    return format_date(value, "yyyy-MM-dd")


def month_year(day):
    """juni 2026."""
    return format_date(day, "MMMM y")


def short_month(day):
    """juni → "juni", december → "dec." (a column head)."""
    return format_date(day, "MMM")


def date_range(first, last):
    """1 juni–26 juni 2026, or 28 december 2025–3 januari 2026 across a new year."""
    if first.year == last.year:
        return f"{format_date(first, 'd MMMM')}–{format_date(last, 'd MMMM y')}"
    return f"{format_date(first, 'd MMMM y')}–{format_date(last, 'd MMMM y')}"


def week(day):
    """vecka 26 (the ISO week, as Swedish calendars count it)."""
    return f"vecka {day.isocalendar()[1]}"


def hours_minutes(value):
    """19.00 for a time of day (a `time`, taken as it is, without a time zone)."""
    return f"{value:%H.%M}"


def clock(value):
    """kl. 19.00"""
    return "kl. " + format_time(value, "HH.mm")


def time_span(starts_at, ends_at):
    """kl. 19.00–22.00 (an en dash without spaces)."""
    return f"kl. {format_time(starts_at, 'HH.mm')}–{format_time(ends_at, 'HH.mm')}"


def date_and_time(value):
    """26 juni 2026 kl. 19.00"""
    return f"{long_date(value)} {clock(value)}"


def when(starts_at, ends_at=None):
    """fredag 26 juni 2026 kl. 19.00–22.00 (or until another day, or with no end)."""
    start = f"{weekday_date(starts_at)} {clock(starts_at)}"
    if ends_at is None:
        return start
    if to_local(ends_at).date() == to_local(starts_at).date():
        return f"{start}–{format_datetime(ends_at, 'HH.mm')}"
    return f"{start} – {date_and_time(ends_at)}"


def numeric_date_and_time(value):
    """2026-06-26 19:00 in Stockholm time: what Excel reads as a date and time, and what a
    date-and-time field shows; "" for None."""
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def machine_time(value):
    """The value of a `datetime` attribute: 2026-06-26T17:00:00Z for a naive-UTC datetime
    (whole seconds: HTML allows at most three digits of a fraction), 2026-06-26 for a date."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()
