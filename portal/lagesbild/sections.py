"""The pages are assembled from sections, in the order of these lists.

Each entry is (section key, the CSV tables it holds, a function Context → Section). A new
section is one more module with such a function and, if it needs more than headings and
figures, its own template named in Section.template.

The evening walks (adult presence: walk evenings held, walkers, walker-hours per week and
area, walk report observations beside the reports of the same weeks and areas) are in
presence.py (figures) and presence_queries.py (SQL), areas by the meeting point.
"""
from flask_babel import gettext as _

from portal.lagesbild import queries
from portal.lagesbild.buckets import default_summer, month_of, year_of
from portal.lagesbild.context import period_label
from portal.lagesbild.figures import by_area, cells, comparison, per_bucket
from portal.lagesbild.handling import handling
from portal.lagesbild.presence import public_walks_section, walks_section
from portal.lagesbild.residents import me_too_by_area, stayed_fixed_by_category
from portal.lagesbild.tables import Section


def comparison_section(ctx):
    earlier = ctx.period.year_earlier()
    return Section("jamforelse", _("Period against period"), _(
        "Reports received %(period)s beside the same days a year earlier, %(earlier)s.",
        period=period_label(ctx.period), earlier=period_label(earlier),
    ), [comparison(ctx, ctx.period, "jamforelse", _("Reports per category, period against period"))])


def over_time_section(ctx):
    return Section("over-tid", _("Week by week and month by month"), _(
        "Weeks run Monday to Sunday and are numbered as in the calendar (ISO 8601); days "
        "follow Swedish time."), [per_bucket(ctx, "week"), per_bucket(ctx, "month")])


def places_section(ctx):
    return Section("platser", _("Where"), _(
        "Reports per area, and a map of where they cluster. The map shows only counts per cell, "
        "never a single report's position."), [
        by_area(ctx, [ctx.period.year_earlier(), ctx.period], "omraden", _("Reports per area")),
        cells(ctx, ctx.period, "karta", _("Map of reports per cell")),
        me_too_by_area(ctx, ctx.period, "jag-ocksa", _("“Me too” on unsafe places per area")),
    ])


def handling_section(ctx):
    return Section("handlaggning", _("Handling"), _(
        "How quickly reports received in the period got a first response and were fixed."),
        [handling(ctx, "category"), handling(ctx, "department"),
         stayed_fixed_by_category(ctx, ctx.period, "forblev-atgardade", _("Stayed fixed, per category"))])


STAFF_SECTIONS = [
    ("jamforelse", ("jamforelse",), comparison_section),
    ("over-tid", ("veckor", "manader"), over_time_section),
    ("platser", ("omraden", "karta", "jag-ocksa"), places_section),
    ("handlaggning", ("handlaggning-kategorier", "handlaggning-forvaltningar", "forblev-atgardade"), handling_section),
    ("promenader", ("promenader-veckor", "promenader-omraden", "vaktare"), walks_section),
]


def key_figures_section(ctx):
    """Received and fixed this month and this year, and the median time to fixed."""
    month, year = month_of(ctx.today), year_of(ctx.today)
    ranges = [(0, *month.utc), (1, *year.utc)]
    received = ctx.remember("public_received", [month.key(), year.key()],
                            lambda: queries.received_per_category(ranges))
    fixed = dict(ctx.remember("public_fixed", [month.key()],
                              lambda: queries.fixed_per_bucket([(0, *month.utc)])))
    # The year's median comes with how many it is the median of: the reports fixed this year.
    year_fixed = queries.percentiles(ctx.remember(
        "public_fixed_median", [year.key()], lambda: queries.fixed_percentiles(year.utc),
    )).get((queries.FIXED, 0), {})
    totals = [sum(n for bucket, _c, n in received if bucket == wanted) for wanted in (0, 1)]
    figures = {
        "received_month": totals[0], "received_year": totals[1],
        "fixed_month": fixed.get(0, 0), "fixed_year": year_fixed.get("n", 0),
        "median_fixed": year_fixed.get(queries.PERCENTILES[0]),
        "month": month, "year": year,
    }
    return Section("i-ar", _("This month and this year"), None, [],
                   template="lagesbild/_key_figures.html", context=figures)


def summer_section(ctx):
    summer = default_summer(ctx.today)
    return Section("sommar", _("The summer against the summer before"), _(
        "Reports received %(period)s beside the same days a year earlier.", period=period_label(summer),
    ), [comparison(ctx, summer, "sommar", _("Reports per category, summer against summer"))])


def public_places_section(ctx):
    year = year_of(ctx.today)
    threshold = ctx.threshold
    return Section("platser", _("Where"), None, [
        by_area(ctx, [year], "omraden", _("Reports per area this year"), threshold),
        cells(ctx, year, "karta", _("Map of reports per cell this year"), threshold),
        me_too_by_area(ctx, year, "jag-ocksa", _("“Me too” on unsafe places per area this year"), threshold),
    ])


PUBLIC_SECTIONS = [
    key_figures_section,
    summer_section,
    public_places_section,
    public_walks_section,
]


def staff_sections(ctx, only_table=None):
    """The staff page's sections; with only_table, just the one section holding it."""
    return [
        build(ctx) for _key, tables, build in STAFF_SECTIONS
        if only_table is None or only_table in tables
    ]


def public_sections(ctx):
    return [build(ctx) for build in PUBLIC_SECTIONS]
