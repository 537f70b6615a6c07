"""Periods of Stockholm calendar days, as staff pick them in filters and exports.

Staff think in local days ("received 1 June to 31 August"); the database holds naive UTC.
One field to read such a day and one function to turn a span of days into a UTC range keep
the audit log and the export counting the same reports at midnight and across DST.
"""
import calendar
import re
from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from wtforms.fields import DateField, StringField
from wtforms.validators import StopValidation

from portal.common.dates import numeric_date_and_time
from portal.timeutil import STOCKHOLM, local_midnight_utc

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # far outside any case; keeps date arithmetic in range


class DayField(DateField):
    """A day typed as YYYY-MM-DD (what <input type="date"> sends), with a message people
    understand instead of WTForms' generic one. Empty is allowed; add a validator to require."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def __call__(self, **kwargs):
        # A date input cannot hold what is not a day (and the browser would show it empty):
        # show such input as typed, in a text input, beside the field's error.
        if self.data is None and self.raw_data and (self.raw_data[0] or "").strip():
            kwargs["type"] = "text"
        return super().__call__(**kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "") or ""
        raw = raw.strip()
        if not raw:
            return
        try:
            if not ISO_DAY.match(raw):
                raise ValueError
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_l("Enter a date as YYYY-MM-DD, for example 2026-06-01.")) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(
                _l("Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
            )
        self.data = day


class DayRequired:
    """Like DataRequired, but keeps the field's own message for a date it could not read."""

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data is None and not field.errors:
            raise StopValidation(self.message)


def utc_range(first_day=None, last_day=None):
    """(start, end) in naive UTC for the Stockholm days first_day..last_day inclusive; end is
    exclusive (the next midnight). Either side may be None for an open range."""
    start = local_midnight_utc(first_day) if first_day else None
    end = local_midnight_utc(last_day + timedelta(days=1)) if last_day else None
    return start, end


def add_months(value, months):
    """The same day `months` calendar months later (earlier if negative), clamped to the end
    of a shorter month: 31 March minus one month is 28 or 29 February. Works on dates and
    datetimes; used instead of python-dateutil, which we do not depend on."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


LOCAL_MOMENT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:\s+|T)(\d{1,2})[:.](\d{2})$")


class LocalDateTimeField(StringField):
    """A Stockholm date and time typed as YYYY-MM-DD HH:MM (also HH.MM, or the T that
    <input type="datetime-local"> sends); `data` is naive UTC, as the database stores it.
    A time that does not exist in Sweden (the hour skipped when summer time starts) is
    refused; an hour that happens twice (when it ends) means the first."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return numeric_date_and_time(self.data)

    def process_formdata(self, valuelist):
        self.data = None
        raw = ((valuelist[0] if valuelist else "") or "").strip()
        if not raw:
            return
        match = LOCAL_MOMENT.match(raw)
        try:
            if not match:
                raise ValueError
            local = datetime(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(
                _l("Enter the date and time as YYYY-MM-DD HH:MM, for example 2026-06-26 09:00.")
            ) from None
        if not FIRST_YEAR <= local.year <= LAST_YEAR:
            raise ValueError(
                _l("Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
            )
        moment = local.replace(tzinfo=STOCKHOLM).astimezone(UTC)
        if moment.astimezone(STOCKHOLM).replace(tzinfo=None) != local:
            raise ValueError(
                _l("That time does not exist in Sweden: the clocks are put forward an hour that "
                   "night. Choose another time.")
            )
        self.data = moment.replace(tzinfo=None)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
