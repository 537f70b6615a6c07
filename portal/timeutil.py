"""Time helpers: the database holds naive UTC; people see Europe/Stockholm."""
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def utcnow():
    """Now as naive UTC, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(value):
    """A naive-UTC timestamp as an aware Europe/Stockholm datetime."""
    return value.replace(tzinfo=UTC).astimezone(STOCKHOLM)


@lru_cache(maxsize=8192)
def local_midnight_utc(day):
    """The start of a Stockholm calendar day as naive UTC, for filtering by date
    (remembered: a three-year lägesbild asks for each of its weeks' ends several times)."""
    start = datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)
    return start.astimezone(UTC).replace(tzinfo=None)
