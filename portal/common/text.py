"""Filters for text typed into a form: what every one-line field and text area gets."""
import re

# Control characters (C0, DEL, C1) and the two noncharacters XML forbids: invisible,
# never typed on purpose, and each able to break a feed, a mail header or a text column.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_BREAKS_AND_TABS = re.compile(r"(?:\r\n|[\r\n\t\x0b\x0c\x85\u2028\u2029])+")


def clean_text(value):
    """The filter of every one-line field: line breaks and tabs become one space, other
    control characters (ESC, NUL, C1 …) are dropped, and the ends are trimmed."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _BREAKS_AND_TABS.sub(" ", value)).strip()


def clean_multiline_text(value):
    """The same filter for text areas: keeps line breaks (as \\n) and tabs."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value)).strip()
