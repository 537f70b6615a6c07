"""Counts of reports as figures: period against period, per week and month, per area and
per map cell. Each turns cached query rows into a table and its chart."""
from functools import lru_cache

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.areas import NO_POSITION, classify
from portal.common.dates import month_year, short_month
from portal.lagesbild import charts, queries
from portal.lagesbild.buckets import months, short_week_labels, week_labels, weeks
from portal.lagesbild.context import period_label
from portal.lagesbild.grid import map_grid
from portal.lagesbild.tables import SUPPRESSED, Column, Figure, change, format_cell, formatter


def _ranges(periods):
    return [(index, *period.utc) for index, period in enumerate(periods)]


def _number(value):
    return format_cell(value, "int")


def _change_text(earlier, now):
    difference, per_cent = change(earlier, now)
    return f"{format_cell(difference, 'change')} ({format_cell(per_cent, 'change_percent')})"


def comparison(ctx, period, key, title):
    """Reports per category in `period` beside the same days a year earlier."""
    earlier = period.year_earlier()
    ranges = _ranges([earlier, period])
    rows = ctx.remember(
        "received_per_category", [period.key(), earlier.key(), ctx.area, ctx.category_id],
        lambda: queries.received_per_category(ranges, ctx.area, ctx.category_id),
    )
    counts = {(bucket, category): n for bucket, category, n in rows}
    shown = ctx.shown_categories({category for _b, category, _n in rows})
    table = []
    for category in shown:
        before, now = counts.get((0, category.id), 0), counts.get((1, category.id), 0)
        table.append([category.name, before, now, *change(before, now)])
    before, now = sum(r[1] for r in table), sum(r[2] for r in table)
    labels = (period_label(earlier), period_label(period))
    description = ngettext(
        "%(now)s report %(period)s against %(before)s %(earlier)s: %(change)s.",
        "%(now)s reports %(period)s against %(before)s %(earlier)s: %(change)s.",
        now, now=_number(now), period=labels[1], before=_number(before), earlier=labels[0],
        change=_change_text(before, now),
    )
    return Figure(
        key=key, title=title, description=description,
        columns=[Column(_("Category"), "text"), Column(labels[0]), Column(labels[1]),
                 Column(_("Change in number"), "change"), Column(_("Change in per cent"), "change_percent")],
        rows=table,
        footer=[_("All categories"), before, now, *change(before, now)],
        chart=charts.bar_chart(
            f"chart-{key}", title, description, [r[0] for r in table],
            [(labels[0], [r[1] for r in table]), (labels[1], [r[2] for r in table])], formatter(),
        ),
    )


def per_bucket(ctx, kind):
    """Reports per category per ISO week or calendar month of the period."""
    buckets = weeks(ctx.period) if kind == "week" else months(ctx.period)
    ranges = [(b.index, *b.utc) for b in buckets]
    rows = ctx.remember(
        f"received_per_{kind}", [ctx.period.key(), ctx.area, ctx.category_id],
        lambda: queries.received_per_category(ranges, ctx.area, ctx.category_id),
    )
    counts = {(bucket, category): n for bucket, category, n in rows}
    shown = ctx.shown_categories({category for _b, category, _n in rows})
    grid = [[counts.get((b.index, c.id), 0) for b in buckets] for c in shown]
    totals = [sum(column) for column in zip(*grid)] if grid else [0] * len(buckets)
    if kind == "week":
        key, title = "veckor", _("Reports per week")
        heads = [(str(b.year), short) for b, short in zip(buckets, short_week_labels(buckets))]
        labels = week_labels(buckets)
    else:
        key, title = "manader", _("Reports per month")
        heads = [(str(b.year), short_month(b.first) + ("*" if b.is_partial else "")) for b in buckets]
        labels = [month_year(b.first) + ("*" if b.is_partial else "") for b in buckets]
    busiest = max(range(len(buckets)), key=lambda i: totals[i]) if buckets else None
    description = ngettext(
        "%(total)s report in %(count)s columns; the most in %(busiest)s (%(most)s).",
        "%(total)s reports in %(count)s columns; the most in %(busiest)s (%(most)s).",
        sum(totals), total=_number(sum(totals)), count=len(buckets),
        busiest=labels[busiest] if buckets else "–", most=_number(totals[busiest]) if buckets else 0,
    )
    return Figure(
        key=key, title=title, description=description,
        columns=[Column(_("Category"), "text")] + [Column(label) for label in labels] + [Column(_("Total"))],
        rows=[[c.name, *row, sum(row)] for c, row in zip(shown, grid)],
        footer=[_("All categories"), *totals, sum(totals)],
        chart=charts.heat_grid(f"chart-{key}", title, description, [c.name for c in shown], heads, grid, formatter()),
        note=_("* Only part of it lies in the period.") if any(b.is_partial for b in buckets) else None,
    )


def suppress(values, threshold):
    """Counts below the threshold become SUPPRESSED; when only one would be, the next
    smallest is too, so that it cannot be worked out from the total."""
    hidden = {key for key, n in values.items() if n < threshold}
    if len(hidden) == 1 and len(values) > 1:
        hidden.add(min((k for k in values if k not in hidden), key=lambda k: values[k]))
    return {key: (SUPPRESSED if key in hidden else n) for key, n in values.items()}


def by_area(ctx, periods, key, title, threshold=None):
    """Reports per area in one period, or in two side by side with the change. With a
    threshold (the public page) small counts are not shown."""
    rows = ctx.remember(
        "received_per_area", [[p.key() for p in periods], ctx.category_id],
        lambda: queries.received_per_area(_ranges(periods), ctx.category_id),
    )
    names = ctx.area_names
    if ctx.area:
        names = {ctx.area: names[ctx.area]}
    counts = [{slug: 0 for slug in names} for _p in periods]
    for bucket, slug, n in rows:
        if slug in names:
            counts[bucket][slug] = n
    if threshold:
        counts = [suppress(column, threshold) for column in counts]
    labels = [period_label(p) for p in periods]
    table = [[names[slug], *(column[slug] for column in counts)] for slug in names]
    columns = [Column(_("Area"), "text")] + [Column(label) for label in labels]
    if len(periods) == 2:
        table = [row + list(change(row[1], row[2])) for row in table]
        columns += [Column(_("Change in number"), "change"), Column(_("Change in per cent"), "change_percent")]
    series = [(label, [row[i + 1] for row in table]) for i, label in enumerate(labels)]
    description = _("Reports per area %(period)s.", period=labels[-1])
    if NO_POSITION in names:
        without = format_cell(counts[-1][NO_POSITION], "int", threshold=threshold or 3)
        description += " " + _("Without a map point: %(count)s.", count=without)
    return Figure(
        key=key, title=title, description=description, columns=columns, rows=table,
        chart=charts.bar_chart(
            f"chart-{key}", title, description, [row[0] for row in table], series,
            formatter(threshold=threshold or 3),
        ),
        note=_("Areas are boxes on the map around each locality; a report without a map point "
               "cannot be placed.") if not threshold else _(
            "Counts below %(count)s are not shown, so that no single report can be singled out.",
            count=threshold),
    )


@lru_cache(maxsize=4)
def _cell_places(grid, areas):
    """[row][col] → (area slug, centre as text) of every cell of the map grid, worked out
    once per grid: a year's map has thousands of cells, and each view placed them all."""
    south, west, dlat, dlon, rows, cols = grid
    places = []
    for row in range(rows):
        lat = south + (row + 0.5) * dlat
        places.append([(classify(lat, lon, areas), f"{lat:.4f}, {lon:.4f}")
                       for lon in (west + (col + 0.5) * dlon for col in range(cols))])
    return places


def cells(ctx, period, key, title, threshold=None):
    """Where reports cluster: counts per map cell of about LAGESBILD_GRID_METRES. On the
    public page (threshold) cells with fewer reports are left out."""
    grid = map_grid()
    found = ctx.remember(
        "grid_cells", [period.key(), grid, ctx.area, ctx.category_id],
        lambda: queries.grid_cells(period.utc, grid, ctx.area, ctx.category_id),
    )
    rows, cols = grid[4:]
    found = [(min(r, rows - 1), min(c, cols - 1), n) for r, c, n in found if not threshold or n >= threshold]
    found.sort(key=lambda cell: (-cell[2], cell[0], cell[1]))
    names, places = ctx.area_names, _cell_places(grid, ctx.areas)
    table = []
    for row, col, n in found:
        slug, centre = places[row][col]
        table.append([names[slug], centre, n])
    highest = max((n for _r, _c, n in found), default=0)
    legend = []
    for step in range(1, 5):
        low, high = (step - 1) * highest // 4 + 1, step * highest // 4
        if highest and low <= high:
            legend.append((step, f"{_number(low)}–{_number(high)}" if low < high else _number(low)))
    description = ngettext(
        "%(num)s map cell of about %(metres)s metres holds reports %(period)s.",
        "%(num)s map cells of about %(metres)s metres hold reports %(period)s.",
        len(found), metres=current_app.config["LAGESBILD_GRID_METRES"], period=period_label(period),
    ) + (" " + _("The cell with the most has %(most)s.", most=_number(highest)) if found else "")
    return Figure(
        key=key, title=title, description=description,
        columns=[Column(_("Area"), "text"), Column(_("Centre of the cell (latitude, longitude)"), "text"),
                 Column(_("Reports"))],
        rows=table,
        chart=charts.map_grid(f"chart-{key}", title, description, grid, found, ctx.areas, legend),
        collapsed=True,
        note=ngettext("Cells with fewer than %(count)s report are not shown.",
                     "Cells with fewer than %(count)s reports are not shown.", threshold, count=threshold)
        if threshold else None,
    )

