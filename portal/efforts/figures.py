"""An effort in figures: reports before, during and after it, against the same days a year
earlier, in its target areas against the other areas, and the difference-in-differences.

Everything is summed from the lägesbild's daily counts (one query for the phases, one for
the weeks), so the view costs the same at a million reports as at a thousand.
"""
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _

from portal.areas import ELSEWHERE, NO_POSITION
from portal.common.dates import date_range
from portal.lagesbild import charts, queries
from portal.lagesbild.buckets import Period, weeks
from portal.lagesbild.tables import Column, Figure, format_cell

BEFORE, DURING, AFTER = "before", "during", "after"
PUBLIC_MIN_COUNT = 3


def _pct(earlier, now):
    """Change in per cent, or None when there is nothing to compare with."""
    return None if not earlier else round((now - earlier) * 100 / earlier)


def _pct_text(value):
    return "–" if value is None else format_cell(value, "change_percent")


@dataclass
class Group:
    earlier: int
    now: int

    @property
    def per_cent(self):
        return _pct(self.earlier, self.now)


@dataclass
class Phase:
    key: str
    period: Period
    target: Group
    other: Group
    is_partial: bool = False

    @property
    def label(self):
        return {BEFORE: _("Before"), DURING: _("During"), AFTER: _("After")}[self.key]


@dataclass
class DiD:
    """The difference-in-differences of the effort's own period."""

    target_change: int | None  # per cent
    other_change: int | None
    points: int | None  # target_change − other_change, percentage points
    expected: int | None  # target reports had they followed the other areas
    actual: int

    @property
    def can_compute(self):
        return self.points is not None


def phases_of(effort, today):
    """Before (as many days, just before), during, after (as many days, up to today)."""
    length = (effort.last_day - effort.first_day).days + 1
    found = [(BEFORE, Period(effort.first_day - timedelta(days=length), effort.first_day - timedelta(days=1)),
              False)]
    if effort.first_day <= today:
        found.append((DURING, Period(effort.first_day, min(effort.last_day, today)), effort.last_day > today))
    after_first = effort.last_day + timedelta(days=1)
    if after_first <= today:
        after_last = effort.last_day + timedelta(days=length)
        found.append((AFTER, Period(after_first, min(after_last, today)), after_last > today))
    return found


class EffortFigures:
    def __init__(self, effort, ctx, category_id=None):
        self.effort = effort
        self.ctx = ctx
        self.category_id = category_id
        names = ctx.area_names
        self.target = [slug for slug in names if slug in effort.areas]
        self.other = [slug for slug in names if slug not in self.target and slug not in (ELSEWHERE, NO_POSITION)]
        self.names = names
        self.phases = self._phases()

    # --- the numbers ----------------------------------------------------------------
    def _sum(self, counts, bucket):
        target = sum(n for (b, slug), n in counts.items() if b == bucket and slug in self.target)
        other = sum(n for (b, slug), n in counts.items() if b == bucket and slug in self.other)
        return target, other

    def _counts(self, name, periods):
        ranges = []
        for index, period in enumerate(periods):
            ranges.append((2 * index, *period.year_earlier().utc))
            ranges.append((2 * index + 1, *period.utc))
        rows = self.ctx.remember(name, [[p.key() for p in periods], self.category_id],
                                 lambda: queries.received_per_area(ranges, self.category_id))
        return {(bucket, slug): n for bucket, slug, n in rows}

    def _phases(self):
        found = phases_of(self.effort, self.ctx.today)
        counts = self._counts("effort_phases", [period for _key, period, _partial in found])
        phases = []
        for index, (key, period, partial) in enumerate(found):
            t0, o0 = self._sum(counts, 2 * index)
            t1, o1 = self._sum(counts, 2 * index + 1)
            phases.append(Phase(key, period, Group(t0, t1), Group(o0, o1), partial))
        return phases

    def phase(self, key):
        return next((p for p in self.phases if p.key == key), None)

    @property
    def did(self):
        during = self.phase(DURING)
        if during is None:
            return None
        target, other = during.target, during.other
        if not target.earlier or not other.earlier:
            return DiD(target.per_cent, other.per_cent, None, None, target.now)
        expected = round(target.earlier * other.now / other.earlier)
        return DiD(target.per_cent, other.per_cent, target.per_cent - other.per_cent, expected, target.now)

    # --- words ----------------------------------------------------------------------
    def area_list(self, slugs):
        return ", ".join(self.names[slug] for slug in slugs) or "–"

    def explanation(self):
        """The difference-in-differences in plain words, for the page and the news item."""
        did = self.did
        if did is None:
            return _("The effort has not started yet, so there is nothing to compare.")
        if not did.can_compute:
            return _("There were no reports a year earlier in the target areas or in the other areas, so the "
                     "change cannot be compared.")
        text = _(
            "During the effort, reports in the target areas changed by %(target)s against the same days a year "
            "earlier; in the other areas by %(other)s. The difference between the two changes is "
            "%(points)s percentage points.",
            target=_pct_text(did.target_change), other=_pct_text(did.other_change),
            points=format_cell(did.points, "change"),
        )
        text += " " + _(
            "Had the target areas changed like the other areas, about %(expected)s reports would have been "
            "expected there; there were %(actual)s.",
            expected=format_cell(did.expected, "int"), actual=format_cell(did.actual, "int"),
        )
        return text

    def public_explanation(self):
        """The explanation, unless a count behind it is so small that it would single out reports."""
        during = self.phase(DURING)
        if during and min(during.target.earlier, during.target.now, during.other.earlier,
                          during.other.now) < PUBLIC_MIN_COUNT:
            return _("The numbers are too small to compare in public without singling out single reports.")
        return self.explanation()

    @staticmethod
    def caveats():
        return [
            _("The figure shows that the areas changed differently, not why: weather, events, other work or a "
              "changed willingness to report may differ between the areas."),
            _("Small numbers vary a lot by chance; a few reports more or less can change the per cent a lot."),
            _("Reports measure what people report, not all damage. More adults outdoors can also mean more "
              "reports."),
            _("Problems may move to neighbouring areas, which makes the difference look larger than the effect."),
            _("Reports without a map point and outside the areas are in neither group."),
        ]

    # --- figures --------------------------------------------------------------------
    def phases_figure(self):
        rows = []
        for phase in self.phases:
            label = phase.label + ("*" if phase.is_partial else "")
            rows.append([label, date_range(phase.period.first, phase.period.last),
                         phase.target.earlier, phase.target.now, _pct(phase.target.earlier, phase.target.now),
                         phase.other.earlier, phase.other.now, _pct(phase.other.earlier, phase.other.now)])
        title = _("Reports before, during and after the effort")
        description = self.explanation()
        labels, earlier, now = [], [], []
        for phase in self.phases:
            for group_name, group in ((_("target areas"), phase.target), (_("other areas"), phase.other)):
                labels.append(f"{phase.label}, {group_name}")
                earlier.append(group.earlier)
                now.append(group.now)
        return Figure(
            key="insats-faser", title=title, description=description,
            columns=[Column(_("Phase"), "text"), Column(_("Period"), "text"),
                     Column(_("Target areas, a year earlier")), Column(_("Target areas")),
                     Column(_("Target areas, change in per cent"), "change_percent"),
                     Column(_("Other areas, a year earlier")), Column(_("Other areas")),
                     Column(_("Other areas, change in per cent"), "change_percent")],
            rows=rows,
            chart=charts.bar_chart("chart-insats-faser", title, description, labels,
                                   [(_("A year earlier"), earlier), (_("The effort's year"), now)],
                                   lambda v: format_cell(v, "int")),
            note=_("* Only part of it has passed.") if any(p.is_partial for p in self.phases) else None,
        )

    def weeks_figure(self):
        if not self.phases:
            return None
        span = Period(self.phases[0].period.first, self.phases[-1].period.last)
        buckets = weeks(span)
        counts = self._counts("effort_weeks", [Period(b.first, b.last) for b in buckets])
        grid = [[], [], [], []]
        for index, _bucket in enumerate(buckets):
            t0, o0 = self._sum(counts, 2 * index)
            t1, o1 = self._sum(counts, 2 * index + 1)
            for row, value in zip(grid, (t0, t1, o0, o1)):
                row.append(value)
        row_labels = [_("Target areas, a year earlier"), _("Target areas"),
                      _("Other areas, a year earlier"), _("Other areas")]
        first, last = self.effort.first_day, self.effort.last_day

        def phase_mark(bucket):
            return "●" if bucket.last >= first and bucket.first <= last else ""

        heads = [(phase_mark(b), _("w. %(week)s", week=b.number)) for b in buckets]
        title = _("Reports per week around the effort")
        description = _("Reports per week %(period)s; weeks of the effort are marked with a dot.",
                        period=date_range(span.first, span.last))
        labels = [_("Week %(week)s %(year)s", week=b.number, year=b.year) + (" ●" if phase_mark(b) else "")
                  for b in buckets]
        rows = [[label, *(row[i] for row in grid)] for i, label in enumerate(labels)]
        return Figure(
            key="insats-veckor", title=title, description=description,
            columns=[Column(_("Week"), "text")] + [Column(label) for label in row_labels],
            rows=rows,
            chart=charts.heat_grid("chart-insats-veckor", title, description, row_labels, heads, grid,
                                   lambda v: format_cell(v, "int")),
            collapsed=True,
            note=_("● The effort ran this week. Each week is compared with the same days a year earlier."),
        )

    def measures_figure(self):
        rows = [[m.kind.label, m.planned, str(m.kind.unit)] for m in self.effort.measures]
        if self.effort.budget is not None:
            rows.append([_("Budget"), self.effort.budget, _("kronor")])
        return Figure(
            key="insats-atgarder", title=_("The effort's measures"), description="",
            columns=[Column(_("Measure"), "text"), Column(_("Planned")), Column(_("Unit"), "text")],
            rows=rows,
        )

    def figures(self):
        return [f for f in (self.phases_figure(), self.weeks_figure(), self.measures_figure()) if f is not None]

    def figure(self, key):
        return next((f for f in self.figures() if f.key == key), None)

    # --- the public summary ---------------------------------------------------------
    def _public(self, n):
        return format_cell(n, "int") if n >= PUBLIC_MIN_COUNT else _("fewer than %(count)s", count=PUBLIC_MIN_COUNT)

    def public_summary(self):
        effort = self.effort
        return _("%(name)s ran %(period)s in %(areas)s. Here is what the reports show.",
                 name=effort.name, period=date_range(effort.first_day, effort.last_day),
                 areas=self.area_list(self.target))

    def public_body(self):
        """Markdown for the news item: counts per phase and group, the comparison and its caveats."""
        lines = []
        if self.effort.measures:
            lines.append("## " + _("What was done"))
            lines.append("")
            for m in self.effort.measures:
                lines.append(f"- {m.kind.label}: {format_cell(m.planned, 'int')} {m.kind.unit}")
            lines.append("")
        lines.append("## " + _("Reports before, during and after"))
        lines.append("")
        for phase in self.phases:
            lines.append("- " + _(
                "%(phase)s (%(period)s): %(now)s reports in the target areas against %(earlier)s the same days a "
                "year earlier; in the other areas %(other_now)s against %(other_earlier)s.",
                phase=phase.label, period=date_range(phase.period.first, phase.period.last),
                now=self._public(phase.target.now), earlier=self._public(phase.target.earlier),
                other_now=self._public(phase.other.now), other_earlier=self._public(phase.other.earlier)))
        lines.append("")
        lines.append("## " + _("What the comparison says"))
        lines.append("")
        lines.append(self.public_explanation())
        lines.append("")
        lines.append("## " + _("Things to keep in mind"))
        lines.append("")
        lines.extend(f"- {caveat}" for caveat in self.caveats())
        return "\n".join(lines)
