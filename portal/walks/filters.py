"""Template filters for walks: "fredag 26 juni 2026" and "kl. 19.00–22.00"."""
from portal.common import dates


def weekday_date(value):
    """fredag 26 juni 2026 (Stockholm time); weekdays and months in lower case."""
    return dates.weekday_date(value)


def time_span(slot):
    """kl. 19.00–22.00 (an en dash without spaces)."""
    return dates.time_span(slot.starts_at, slot.ends_at)
