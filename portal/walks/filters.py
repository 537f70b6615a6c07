"""Template filters for walks: "fredag 26 juni 2026" and "kl. 19.00–22.00"."""
from flask_babel import format_datetime, format_time


def weekday_date(value):
    """fredag 26 juni 2026 (Stockholm time); weekdays and months in lower case."""
    return format_datetime(value, "EEEE d MMMM y")


def time_span(slot):
    """kl. 19.00–22.00 (an en dash without spaces)."""
    return f"kl. {format_time(slot.starts_at, 'HH.mm')}–{format_time(slot.ends_at, 'HH.mm')}"
