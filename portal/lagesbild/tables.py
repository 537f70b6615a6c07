"""Figures as tables: the numbers behind each chart, shown as an HTML table and as CSV.

A Section is what a page is assembled from (a heading, a short text, figures). A Figure
is one table with its chart. Rows hold raw values; each Column's kind says how to show
a value, the same way on the page and (without thousands spaces) in the CSV file.
"""
from dataclasses import dataclass, field
from functools import lru_cache

from babel import numbers
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

NEW = "new"  # the earlier count was 0: a change in per cent means nothing
SUPPRESSED = "suppressed"  # a public count below the threshold


@dataclass
class Column:
    label: str
    kind: str = "int"  # text, int, hours, percent, change, change_percent


@dataclass
class Figure:
    key: str  # the CSV file's name and the element ids
    title: str
    description: str  # the chart's <desc>: what it shows and the main finding
    columns: list
    rows: list
    footer: list | None = None  # a totals row
    chart: Markup | None = None
    note: str | None = None
    csv: bool = True
    collapsed: bool = False  # a long table inside <details>

    def html_rows(self, threshold=3):
        """The body's rows and the footer's row as HTML (Markup; the footer None without
        one), every cell formatted with the locale looked up once and escaped. Written here
        rather than as a template loop: a three-year table or a year's map has thousands of
        cells, and a loop in the template took several times as long per cell."""
        locale = str(get_locale())
        kinds = [column.kind for column in self.columns[1:]]

        def row_html(row, footer=False):
            cells = "".join([_cell_html(value, kind, threshold, locale, footer or kind != "text")
                             for value, kind in zip(row[1:], kinds)])
            return f'<tr><th scope="row">{escape(row[0])}</th>{cells}</tr>'

        footer = row_html(self.footer, footer=True) if self.footer else None
        return Markup("\n".join(map(row_html, self.rows))), footer and Markup(footer)


@lru_cache(maxsize=16384, typed=True)
def _cell_html(value, kind, threshold, locale, numeric):
    """One table cell, formatted and escaped (aligned as a number when `numeric`):
    remembered, since a three-year table or a year's map repeats the same small numbers
    thousands of times (typed: 1, 1.0 and True are remembered apart)."""
    start = '<td class="num">' if numeric else "<td>"
    return f"{start}{escape(format_cell(value, kind, threshold=threshold, locale=locale))}</td>"


@dataclass
class Section:
    key: str
    title: str
    intro: str | None = None
    figures: list = field(default_factory=list)
    template: str = "lagesbild/_section.html"
    context: dict = field(default_factory=dict)  # extra values for a custom template


@lru_cache(maxsize=8192)
def _formatted(value, pattern, locale):
    return numbers.format_decimal(value, pattern, locale=locale)


def format_decimal(value, pattern, locale=None):
    """flask_babel.format_decimal, remembered: a three-year table formats thousands of the
    same small numbers, and Babel takes a tenth of a millisecond for each. `locale` (its
    name) saves looking it up when the caller formats many."""
    return _formatted(value, pattern, locale or str(get_locale()))


def formatter(kind="int", threshold=3):
    """format_cell for the many values of one chart, the locale looked up once (a lookup
    costs ten times the formatting of a remembered number)."""
    locale = str(get_locale())
    return lambda value: format_cell(value, kind, threshold=threshold, locale=locale)


def format_cell(value, kind, for_csv=False, threshold=3, locale=None):
    """A value as text for the page, or for the CSV file when for_csv."""
    if value is None:
        return "" if for_csv else "–"
    if value == NEW:
        return _("new")
    if value == SUPPRESSED:
        return _("fewer than %(count)s", count=threshold)
    if kind == "text":
        return str(value)
    if kind == "hours":
        hours = value / 3600
        return f"{hours:.1f}".replace(".", ",") if for_csv else format_decimal(hours, "#,##0.0", locale)
    if kind == "percent":
        return round(value * 100) if for_csv else f"{format_decimal(value * 100, '#,##0', locale)} %"
    if for_csv:
        return value  # a whole number; the CSV writer leaves numbers as they are
    if kind == "change_percent":
        return _signed(format_decimal(abs(value), "#,##0", locale), value) + " %"
    if kind == "change":
        return _signed(format_decimal(abs(value), "#,##0", locale), value)
    return format_decimal(value, "#,##0", locale)


def _signed(text, value):
    if round(value) == 0:
        return "±0"
    return ("+" if value > 0 else "\u2212") + text


def change(earlier, now):
    """(difference, per cent) from an earlier count to a later one; per cent is NEW when
    the earlier count was 0 and something came, None when both are 0."""
    difference = now - earlier
    if earlier == 0:
        return difference, (NEW if now else None)
    return difference, round(difference * 100 / earlier)


def csv_rows(figure, threshold=3):
    """The figure's header and rows as text for portal/exports' CSV writer."""
    rows = list(figure.rows) + ([figure.footer] if figure.footer else [])
    return (
        [column.label for column in figure.columns],
        [
            [format_cell(value, column.kind, True, threshold) for value, column in zip(row, figure.columns)]
            for row in rows
        ],
    )
