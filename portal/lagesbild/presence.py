"""Adult presence: the evening walks beside the reports of the same weeks and areas, for
staff per ISO week and per area, for the public as walks held this month and this year.
Counts only; no walker is ever named."""
from flask_babel import gettext as _

from portal.lagesbild import cache, charts, presence_queries, queries
from portal.lagesbild.buckets import month_of, week_labels, weeks, year_of
from portal.lagesbild.context import period_label
from portal.lagesbild.tables import Column, Figure, Section, format_cell, formatter

HELD, REPORTS = ("walks", "walkers", "seconds"), ("walk_reports", "youths", "observed", "called")


def _number(value):
    return format_cell(value, "int")


def _totals(rows, names, keep):
    """{bucket: {name: sum}} over the rows whose (bucket, area) `keep` accepts."""
    found = {}
    for bucket, area, *values in rows:
        if keep(area):
            into = found.setdefault(bucket, dict.fromkeys(names, 0))
            for name, value in zip(names, values):
                into[name] += value
    return found


def _presence_rows(ctx, buckets):
    ranges = [(b.index, *b.utc) for b in buckets]
    held = ctx.remember("walks_held", [ctx.period.key(), ctx.as_of],
                        lambda: presence_queries.walks_held(ranges, ctx.as_of), source=cache.WALKS)
    reports = ctx.remember("walk_reports", [ctx.period.key()], lambda: presence_queries.walk_reports(ranges),
                           source=cache.WALKS)
    return held, reports


def _walk_values(held, reports, key):
    h, r = held.get(key, dict.fromkeys(HELD, 0)), reports.get(key, dict.fromkeys(REPORTS, 0))
    return [h["walks"], h["walkers"], h["seconds"], r["walk_reports"], r["youths"], r["observed"], r["called"]]


KINDS = ("int", "int", "hours", "int", "int", "int", "int", "int")


def _columns(first):
    labels = [_("Walk evenings held"), _("Walkers"), _("Walker-hours"), _("Walk reports received"),
              _("Young people met"), _("Walk reports with observations or incidents"),
              _("Police or 112 called"), _("Reports received")]
    return [Column(first, "text")] + [Column(label, kind) for label, kind in zip(labels, KINDS)]


def _footer(table):
    return [_("Total"), *(sum(row[i] for row in table) for i in range(1, len(table[0])))] if table else None


def per_week(ctx):
    buckets = weeks(ctx.period)
    held_rows, report_rows = _presence_rows(ctx, buckets)
    keep = (lambda area: area == ctx.area) if ctx.area else (lambda area: True)
    held, reports = _totals(held_rows, HELD, keep), _totals(report_rows, REPORTS, keep)
    ranges = [(b.index, *b.utc) for b in buckets]
    received = {}
    for bucket, _category, n in ctx.remember(  # the same cache entry as the week figure
            "received_per_week", [ctx.period.key(), ctx.area, ctx.category_id],
            lambda: queries.received_per_category(ranges, ctx.area, ctx.category_id)):
        received[bucket] = received.get(bucket, 0) + n
    labels = week_labels(buckets)
    table = [[label, *_walk_values(held, reports, b.index), received.get(b.index, 0)]
             for label, b in zip(labels, buckets)]
    footer = _footer(table)
    title = _("Adult presence per week")
    description = _(
        "%(walks)s walk evenings with %(walkers)s walkers (%(hours)s walker-hours) and %(walk_reports)s "
        "walk reports %(period)s, beside %(reports)s reports received.",
        walks=_number(footer[1] if footer else 0), walkers=_number(footer[2] if footer else 0),
        hours=format_cell(footer[3] if footer else 0, "hours"),
        walk_reports=_number(footer[4] if footer else 0), period=period_label(ctx.period),
        reports=_number(footer[8] if footer else 0),
    )
    return Figure(
        key="promenader-veckor", title=title, description=description,
        columns=_columns(_("Week")), rows=table, footer=footer,
        chart=charts.bar_chart(
            "chart-promenader-veckor", title, description, labels,
            [(_("Walkers"), [row[2] for row in table]), (_("Reports received"), [row[8] for row in table])],
            formatter(),
        ),
        note=_("A walk is held when it was not cancelled, has started and had at least one walker "
               "not marked absent; walkers on the waiting list do not count. Walks count in the "
               "week and area of their start and meeting point.")
        + (" " + _("* Only part of it lies in the period.") if any(b.is_partial for b in buckets) else ""),
    )


def per_area(ctx):
    """The period per area of the meeting point: sums of the weeks (which cover it exactly)."""
    buckets = weeks(ctx.period)
    held_rows, report_rows = _presence_rows(ctx, buckets)
    names = ctx.area_names
    if ctx.area:
        names = {ctx.area: names[ctx.area]}
    area_held, area_reports = _by_area(held_rows, HELD), _by_area(report_rows, REPORTS)
    received = {}
    # The same cache entry (and query) as the area figure beside it: the period and the
    # year before, of which only the period (bucket 1) is wanted here.
    periods = [ctx.period.year_earlier(), ctx.period]
    for bucket, slug, n in ctx.remember(
            "received_per_area", [[p.key() for p in periods], ctx.category_id],
            lambda: queries.received_per_area([(i, *p.utc) for i, p in enumerate(periods)], ctx.category_id)):
        if bucket == 1:
            received[slug] = n
    table = [[name, *_walk_values(area_held, area_reports, slug), received.get(slug, 0)]
             for slug, name in names.items()]
    title = _("Adult presence per area")
    description = _("Walk evenings, walkers and walk reports per area of the meeting point %(period)s, "
                    "beside the reports received there.", period=period_label(ctx.period))
    return Figure(
        key="promenader-omraden", title=title, description=description,
        columns=_columns(_("Area")), rows=table, footer=_footer(table) if len(table) > 1 else None,
        chart=charts.bar_chart(
            "chart-promenader-omraden", title, description, [row[0] for row in table],
            [(_("Walk evenings held"), [row[1] for row in table]),
             (_("Reports received"), [row[8] for row in table])], formatter(),
        ),
    )


def _by_area(rows, names):
    found = {}
    for _bucket, area, *values in rows:
        into = found.setdefault(area, dict.fromkeys(names, 0))
        for name, value in zip(names, values):
            into[name] += value
    return found


def guards(ctx):
    """Guard hours planned against delivered per week and area, beside the walker-hours of
    the same week and area (the guard company's contract, and all adult presence)."""
    buckets = weeks(ctx.period)
    ranges = [(b.index, *b.utc) for b in buckets]
    shifts = ctx.remember("guard_shifts", [ctx.period.key()], lambda: presence_queries.guard_shifts(ranges),
                          source=cache.WALKS)
    held_rows, _reports = _presence_rows(ctx, buckets)
    names = ctx.area_names
    keep = (lambda area: area == ctx.area) if ctx.area else (lambda area: area in names)
    found = {}
    for bucket, area, planned, delivered, incidents in shifts:
        if keep(area):
            found[(bucket, area)] = [planned * 60, delivered * 60, incidents, 0]
    for bucket, area, _walks, _walkers, seconds in held_rows:
        if keep(area) and (bucket, area) in found:
            found[(bucket, area)][3] = seconds
    labels = {b.index: label for b, label in zip(buckets, week_labels(buckets))}
    order = list(names)
    table = []
    for (bucket, area), (planned, delivered, incidents, walker_seconds) in sorted(
            found.items(), key=lambda item: (item[0][0], order.index(item[0][1]) if item[0][1] in order else 99)):
        table.append([labels[bucket], names.get(area, area), planned, delivered,
                      delivered / planned if planned else None, incidents, walker_seconds])
    totals = [sum(row[i] for row in table) for i in (2, 3, 5, 6)]
    footer = [_("Total"), "", totals[0], totals[1], totals[1] / totals[0] if totals[0] else None,
              totals[2], totals[3]] if table else None
    per_area_planned, per_area_delivered = {}, {}
    for row in table:
        per_area_planned[row[1]] = per_area_planned.get(row[1], 0) + row[2]
        per_area_delivered[row[1]] = per_area_delivered.get(row[1], 0) + row[3]
    areas = list(per_area_planned)
    title = _("Guards per week and area")
    description = _(
        "%(delivered)s of %(planned)s planned guard hours delivered %(period)s, beside %(walkers)s "
        "walker-hours in the same weeks and areas.",
        delivered=format_cell(totals[1] if table else 0, "hours"), planned=format_cell(totals[0] if table else 0,
                                                                                      "hours"),
        period=period_label(ctx.period), walkers=format_cell(totals[3] if table else 0, "hours"),
    )
    return Figure(
        key="vaktare", title=title, description=description,
        columns=[Column(_("Week"), "text"), Column(_("Area"), "text"), Column(_("Planned guard hours"), "hours"),
                 Column(_("Delivered guard hours"), "hours"), Column(_("Delivered"), "percent"),
                 Column(_("Incidents"), "int"), Column(_("Walker-hours"), "hours")],
        rows=table, footer=footer,
        chart=charts.bar_chart(
            "chart-vaktare", title, description, areas,
            [(_("Planned guard hours"), [per_area_planned[a] / 3600 for a in areas]),
             (_("Delivered guard hours"), [per_area_delivered[a] / 3600 for a in areas])],
            lambda v: format_cell(v * 3600, "hours") if isinstance(v, (int, float)) else "–",
        ),
        collapsed=len(table) > 12,
        note=_("Guard shifts count in the week of their evening and in their area; walker-hours in the week "
               "and area of the walk's start and meeting point."),
    )


def walks_section(ctx):
    return Section("promenader", _("Adult presence: the evening walks"), _(
        "Walk evenings held, walkers and walker-hours, and what the walkers reported, beside "
        "the reports received in the same weeks and areas. Counts only: no walker is named."),
        [per_week(ctx), per_area(ctx), guards(ctx)])


def public_walks_section(ctx):
    """Walk evenings held this month and this year, and walkers this year."""
    month, year = month_of(ctx.today), year_of(ctx.today)
    ranges = [(0, *month.utc), (1, *year.utc)]
    rows = ctx.remember("public_walks_held", [month.key(), year.key(), ctx.as_of],
                        lambda: presence_queries.walks_held(ranges, ctx.as_of), source=cache.WALKS)
    totals = _totals(rows, HELD, lambda area: True)
    month_values, year_values = (totals.get(i, dict.fromkeys(HELD, 0)) for i in (0, 1))
    figures = {"walks_month": month_values["walks"], "walks_year": year_values["walks"],
               "walkers_year": year_values["walkers"], "month": month, "year": year}
    return Section("promenader", _("Evening walks"), None, [],
                   template="lagesbild/_walk_figures.html", context=figures)
