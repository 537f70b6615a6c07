"""What residents add to the picture: "me too" on reports of unsafe places, per area, and
the share of fixed reports that stayed fixed (the answers to "is it still fixed?"), per category.

Counted by the day of the vote (a place felt unsafe by many this period), for reports of
the category `otrygg-plats`, in the area of the report's position. Read directly (a
grouped count over the small me_too table joined to its reports), not from the cache,
whose fingerprint does not follow votes.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from portal.areas import area_case
from portal.followup.models import FixedSurvey
from portal.lagesbild import charts
from portal.lagesbild.context import period_label
from portal.lagesbild.figures import suppress
from portal.lagesbild.queries import fetch
from portal.lagesbild.tables import Column, Figure, formatter
from portal.metoo.models import MeToo
from portal.reports.models import Category, Report

UNSAFE_PLACE = "otrygg-plats"


def me_too_per_area(start, end):
    """{area slug: votes} for unsafe-place reports, votes cast in [start, end)."""
    inner = (
        select(area_case(Report.lat, Report.lon).label("area"))
        .select_from(MeToo).join(Report, Report.id == MeToo.report_id)
        .join(Category, Category.id == Report.category_id)
        .where(Category.slug == UNSAFE_PLACE, MeToo.created_at >= start, MeToo.created_at < end)
        .subquery()
    )
    return dict(fetch(select(inner.c.area, func.count()).group_by(inner.c.area)))


def me_too_by_area(ctx, period, key, title, threshold=None):
    counts = me_too_per_area(*period.utc)
    names = ctx.area_names
    if ctx.area:
        names = {ctx.area: names[ctx.area]}
    column = {slug: counts.get(slug, 0) for slug in names}
    if threshold:
        column = suppress(column, threshold)
    label = period_label(period)
    rows = [[names[slug], column[slug]] for slug in names]
    description = _("“Me too” on reports of unsafe places, per area, %(period)s.", period=label)
    return Figure(
        key=key, title=title, description=description,
        columns=[Column(_("Area"), "text"), Column(label)], rows=rows,
        chart=charts.bar_chart(f"chart-{key}", title, description, [row[0] for row in rows],
                               [(label, [row[1] for row in rows])],
                               formatter(threshold=threshold or 3)),
        note=_("Residents who said “I feel unsafe here too” about a published report of an unsafe "
               "place, counted once per person and report, by the day they said it."),
    )


def stayed_fixed_by_category(ctx, period, key, title):
    """Answers to "is it still fixed?" given in the period, per category: how many, how many
    said yes, and the share."""
    start, end = period.utc
    rows = fetch(
        select(Report.category_id, func.count(), func.sum(case((FixedSurvey.stayed_fixed, 1), else_=0)))
        .select_from(FixedSurvey).join(Report, Report.id == FixedSurvey.report_id)
        .where(FixedSurvey.answered_at >= start, FixedSurvey.answered_at < end)
        .group_by(Report.category_id)
    )
    names = ctx.category_names
    table = sorted(([names.get(cid, "?"), int(n), int(yes or 0), (int(yes or 0) / n) if n else None]
                    for cid, n, yes in rows), key=lambda row: row[0])
    label = period_label(period)
    description = _("Answers to “Is it still fixed?” given %(period)s, per category.", period=label)
    return Figure(
        key=key, title=title, description=description,
        columns=[Column(_("Category"), "text"), Column(_("Answers")), Column(_("Still fixed")),
                 Column(_("Share still fixed"), "percent")],
        rows=table,
        chart=charts.bar_chart(f"chart-{key}", title, description, [row[0] for row in table],
                               [(_("Share still fixed"), [round((row[3] or 0) * 100) for row in table])],
                               lambda v: f"{v} %"),
        note=_("Reporters who asked for replies are asked %(days)s days after a report is marked fixed. "
               "“Not fixed” opens the report again.", days=current_app.config["FIXED_SURVEY_DAYS"]),
    )
