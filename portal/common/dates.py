"""Dates and times, the same on a page, in a mail, a calendar file and a CSV file: in
Swedish "26 juni 2026", "2026-06-26", "kl. 19.00–22.00", "vecka 26"; in another language
CLDR's formats for its locale ("June 26, 2026", "7:00 PM"; Western digits, ISO weeks that
start on Monday). "kl." is Swedish only.

A naive datetime is UTC (the form the database stores) and is shown in Europe/Stockholm;
the Jinja filters in portal.templating are these functions. Conversion lives in
portal.timeutil."""
from datetime import UTC

from babel.dates import format_skeleton, get_day_names, get_month_names
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _

from portal.timeutil import STOCKHOLM, to_local

# Swedish is written here without Babel's pattern machinery: a list of 50 reports shows 50
# dates and times, and each went through three look-ups of the request's locale and time
# zone and two CLDR patterns (some 120 µs; now 20, most of it the locale look-up).
# CLDR's own names, read once.
SV_MONTHS = get_month_names("wide", locale="sv")
SV_WEEKDAYS = get_day_names("wide", locale="sv")  # 0 is Monday, as date.weekday()


def _swedish():
    return str(get_locale() or "sv") == "sv"


def _in_stockholm(value):
    """A datetime in Stockholm time (naive is UTC), as flask_babel shows it; a date as it is."""
    if not hasattr(value, "hour"):
        return value
    return to_local(value) if value.tzinfo is None else value.astimezone(STOCKHOLM)


def _sv_long_date(value):
    value = _in_stockholm(value)
    return f"{value.day} {SV_MONTHS[value.month]} {value.year}"


def _sv_clock(value):
    return f"{_in_stockholm(value):%H.%M}"


def _skeleton(skeleton, value):
    """CLDR's pattern for this locale of the fields in `skeleton` ("yMMMMd")."""
    if hasattr(value, "hour"):
        value = to_local(value)
    return format_skeleton(skeleton, value, locale=get_locale(), tzinfo=None)


def long_date(value):
    """26 juni 2026 (a naive-UTC datetime is shown in Europe/Stockholm)."""
    if value is None:
        return ""
    if not _swedish():
        return _skeleton("yMMMMd", value)
    return _sv_long_date(value)


def weekday_date(value):
    """fredag 26 juni 2026 (Stockholm time); weekdays and months in lower case."""
    if value is None:
        return ""
    if not _swedish():
        return _skeleton("yMMMMEEEEd", value)
    value = _in_stockholm(value)
    return f"{SV_WEEKDAYS[value.weekday()]} {_sv_long_date(value)}"


def short_date(value):
    """2026-06-26, where space is tight."""
    return f"{_in_stockholm(value):%Y-%m-%d}"


def month_year(day):
    """juni 2026."""
    if not _swedish():
        return _skeleton("yMMMM", day)
    return format_date(day, "MMMM y")


def short_month(day):
    """juni → "juni", december → "dec." (a column head)."""
    return format_date(day, "MMM")


def date_range(first, last):
    """1 juni–26 juni 2026, or 28 december 2025–3 januari 2026 across a new year."""
    if not _swedish():
        return f"{long_date(first)} – {long_date(last)}"
    if first.year == last.year:
        return f"{format_date(first, 'd MMMM')}–{format_date(last, 'd MMMM y')}"
    return f"{format_date(first, 'd MMMM y')}–{format_date(last, 'd MMMM y')}"


def week(day):
    """vecka 26 (the ISO week, as Swedish calendars count it)."""
    return _("week %(number)s", number=day.isocalendar()[1])


def hours_minutes(value):
    """19.00 for a time of day (a `time`, taken as it is, without a time zone)."""
    if not _swedish():
        return format_skeleton("Hm" if _uses_24_hours() else "hm", value, locale=get_locale())
    return f"{value:%H.%M}"


def _uses_24_hours():
    return "H" in get_locale().time_formats["short"].pattern


def _time(value):
    """19.00 in Swedish, CLDR's short time elsewhere (19:00, 7:00 PM)."""
    if _swedish():
        return format_time(value, "HH.mm")
    return format_time(value, "short")


def clock(value):
    """kl. 19.00 (in another language only the time: 7:00 PM)."""
    if value is None:
        return ""
    if not _swedish():
        return _time(value)
    return "kl. " + _sv_clock(value)


def time_span(starts_at, ends_at):
    """kl. 19.00–22.00 (an en dash without spaces)."""
    if not _swedish():
        return f"{_time(starts_at)}–{_time(ends_at)}"
    return f"kl. {_sv_clock(starts_at)}–{_sv_clock(ends_at)}"


def date_and_time(value):
    """26 juni 2026 kl. 19.00"""
    if value is None:
        return ""
    if not _swedish():
        return f"{long_date(value)} {clock(value)}"
    value = _in_stockholm(value)
    return f"{_sv_long_date(value)} kl. {_sv_clock(value)}"


def when(starts_at, ends_at=None):
    """fredag 26 juni 2026 kl. 19.00–22.00 (or until another day, or with no end)."""
    start = f"{weekday_date(starts_at)} {clock(starts_at)}"
    if ends_at is None:
        return start
    if to_local(ends_at).date() == to_local(starts_at).date():
        return f"{start}–{_time(ends_at) if not _swedish() else _sv_clock(ends_at)}"
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
