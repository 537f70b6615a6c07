"""How fast reports are handled: median and 90th percentile of the time to first response
and to fixed, per category or department, against each category's service level."""
from fractions import Fraction

from flask_babel import gettext as _

from portal.lagesbild import charts, queries
from portal.lagesbild.context import period_label
from portal.lagesbild.tables import Column, Figure, formatter

MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)


def handling(ctx, group):
    """One table per grouping ("category" or "department") for the reports received in the
    chosen period; the share within service level counts reports closed within their
    category's level, out of those closed or already past it."""
    utc = ctx.period.utc
    key_args = [ctx.period.key(), group, ctx.area, ctx.category_id]
    times = queries.percentiles(ctx.remember(
        "handling_percentiles", key_args,
        lambda: queries.handling_percentiles(utc, group, ctx.area, ctx.category_id),
    ))
    shares = {row[0]: row[1:] for row in ctx.remember(
        "service_level_share", key_args + [ctx.as_of_epoch],
        lambda: queries.service_level_share(utc, group, ctx.as_of_epoch, ctx.area, ctx.category_id),
    )}
    if group == "category":
        groups = [(c.id, c.name) for c in ctx.shown_categories(set(shares))]
        levels = {c.id: c.service_level_hours for c in ctx.categories}
        key, title, first = "handlaggning-kategorier", _("Handling per category"), Column(_("Category"), "text")
    else:
        groups = [(d.id, d.name) for d in ctx.departments if d.id in shares]
        groups += [(None, _("No department"))] if None in shares else []
        levels = {}
        key, title, first = "handlaggning-forvaltningar", _("Handling per department"), Column(_("Department"), "text")
    table = []
    for group_id, name in groups:
        reports, within, decided = shares.get(group_id, (0, 0, 0))
        response = times.get((queries.RESPONSE, group_id), {})
        fixed = times.get((queries.FIXED, group_id), {})
        row = [name] + ([levels.get(group_id)] if group == "category" else [])
        row += [reports, response.get("n", 0), response.get(MEDIAN), response.get(P90),
                fixed.get("n", 0), fixed.get(MEDIAN), fixed.get(P90),
                within / decided if decided else None]
        table.append(row)
    columns = [first] + ([Column(_("Service level (hours)"))] if group == "category" else []) + [
        Column(_("Reports")),
        Column(_("With a response")),
        Column(_("Median hours to first response"), "hours"),
        Column(_("90th percentile, hours to first response"), "hours"),
        Column(_("Fixed")),
        Column(_("Median hours to fixed"), "hours"),
        Column(_("90th percentile, hours to fixed"), "hours"),
        Column(_("Handled within the service level"), "percent"),
    ]
    description = _(
        "Share of the reports received %(period)s that were closed within their category's "
        "service level, of those closed or already past it.", period=period_label(ctx.period),
    )
    return Figure(
        key=key, title=title, description=description, columns=columns, rows=table,
        chart=charts.bar_chart(
            f"chart-{key}", title, description, [row[0] for row in table],
            [(_("Handled within the service level"), [row[-1] for row in table])],
            formatter("percent"), highest=1,
        ),
        note=_("Times are counted from when the report was received. The 90th percentile: nine "
               "reports in ten were quicker. Categories without a service level have no share."),
    )
