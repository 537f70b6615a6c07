"""The lägesbild's daily counts (portal/lagesbild/daily.py) agree with a direct count of
the reports after every kind of change a report goes through, and after the demo data."""
from datetime import datetime

import pytest

from portal.demo import load as load_demo
from portal.desk import services as desk
from portal.extensions import db
from portal.lagesbild import daily
from portal.reports import services as reports
from portal.reports.models import Category, Department, Report, ReportStatus

BJUV = (56.0840, 12.9190)


def assert_agree():
    """The table as kept by the flushes equals the count computed from the reports."""
    db.session.flush()
    connection = db.session.connection()
    stored, computed = daily.stored_counts(connection), daily.computed_counts(connection)
    assert stored == computed, (stored - computed, computed - stored)
    return stored


def category(slug):
    return db.session.scalar(db.select(Category).where(Category.slug == slug))


def merged_histograms(kinds, utc, groups, area=None, category_id=None):
    """A select (kind, g0…, hours, n) of the whole hour histograms: the roll-ups' parts and
    the ragged ends' merged by the hour, every hour sent (the page reads less: see
    queries.pick_percentiles)."""
    from portal.lagesbild import queries

    parts = queries._histogram_parts(kinds, utc, groups, area, category_id)
    grouped = [parts.c.kind, *[parts.c[f"g{i}"] for i in range(len(groups))], parts.c.hours]
    return db.select(*grouped, db.func.sum(parts.c.n)).group_by(*grouped)


def test_counts_follow_every_change_of_a_report(app):
    with app.app_context():
        report = reports.receive_report(category("klotter"), "Klotter på muren.", "Storgatan", BJUV, [], None)
        other = reports.receive_report(category("skadegorelse"), "Trasig bänk.", "Parken", None, [], None)
        db.session.commit()
        stored = assert_agree()
        assert sum(n for key, n in stored.items() if key[0] == daily.RECEIVED) == 2

        report.created_at = datetime(2026, 6, 10, 22, 30)  # 11 June in Stockholm
        desk.change_status(report, ReportStatus.IN_PROGRESS, "Vi tittar på det.")
        db.session.commit()
        stored = assert_agree()
        assert stored[(daily.RECEIVED, datetime(2026, 6, 11).date(), report.category_id,
                       report.department_id, "bjuv", 0)] == 1

        desk.change_category(report, category("skadegorelse"))
        db.session.commit()
        assert_agree()

        department = db.session.scalars(db.select(Department).where(Department.id != report.department_id)).first()
        desk.route(report, department)
        db.session.commit()
        assert_agree()

        desk.set_hidden(report, True, "Innehåller ett namn.")
        db.session.commit()
        assert_agree()

        desk.change_status(report, ReportStatus.FIXED, "Åtgärdat.")
        db.session.commit()
        stored = assert_agree()
        assert sum(n for key, n in stored.items() if key[0] == daily.FIXED_CLOSED) == 1

        desk.mark_duplicate(other, report)
        db.session.commit()
        stored = assert_agree()
        assert sum(n for key, n in stored.items() if key[0] == daily.RECEIVED) == 1  # duplicates do not count

        # A report read fresh in a new session, changed twice.
        report_id = report.id
        db.session.remove()
        found = db.session.get(Report, report_id)
        found.status = ReportStatus.REJECTED
        db.session.commit()
        assert_agree()
        found.status = ReportStatus.RECEIVED
        found.lat, found.lon = None, None
        db.session.commit()
        stored = assert_agree()
        assert {key[4] for key, n in stored.items() if key[0] == daily.RECEIVED} == {"utan-kartpunkt"}


def test_counts_agree_after_the_demo_data_and_a_rebuild(app):
    with app.app_context():
        assert load_demo(seed=7, password="demo-losenord-for-test")
        db.session.commit()
        stored = assert_agree()
        assert stored
        daily.rebuild_daily_counts(db.session)
        db.session.commit()
        assert assert_agree() == stored


def test_whole_months_from_the_counts_and_ragged_ends_from_reports_agree(app):
    """A period from mid-March to mid-June reads April and May from the monthly counts and
    the rest from the reports: the histograms equal those counted from the reports alone."""
    from datetime import date, timedelta

    from portal.lagesbild import queries
    from portal.periods import utc_range

    with app.app_context():
        klotter, annat = category("klotter"), category("annat")
        for day in range(0, 120, 3):
            created = datetime(2026, 3, 1, 8) + timedelta(days=day, hours=day % 7)
            report = reports.receive_report(klotter if day % 2 else annat, "Text.", "Torget", BJUV, [], None)
            report.created_at = created
            report.responded_at = created + timedelta(hours=day % 30, minutes=7)
            if day % 4:
                report.status = ReportStatus.FIXED
                report.closed_at = created + timedelta(hours=day, minutes=59)
        db.session.commit()
        utc = utc_range(date(2026, 3, 15), date(2026, 6, 14))
        kinds = (daily.RESPONSE, daily.FIXED, daily.CLOSED)
        def histograms(query):
            """{(kind, grp): [(hours, n), …]} of a histogram select (kind, g0…, hours, n)."""
            found = {}
            for kind, *values, hours, n in db.session.execute(query):
                if n:
                    values = tuple(queries._group_value(v) for v in values)
                    grp = values[0] if len(values) == 1 else (values or 0)
                    found.setdefault((kind, grp), []).append((hours, int(n)))
            return {key: sorted(counts) for key, counts in found.items()}

        for groups in (("category",), ("department",), ("category", "department")):
            mixed = histograms(merged_histograms(kinds, utc, groups))
            columns = [{"category": Report.category_id, "department": Report.department_id}[g] for g in groups]
            alone = {}
            for kind in kinds:
                alone.update(histograms(queries._raw_histogram_query(kind, utc, columns)))
            assert mixed == alone
            assert mixed
        fixed = histograms(merged_histograms((daily.FIXED_CLOSED,), utc, ()))
        assert fixed == histograms(queries._raw_histogram_query(daily.FIXED_CLOSED, utc, []))
        assert fixed


def test_map_cells_from_the_monthly_counts_equal_those_from_reports(app):
    from datetime import date, timedelta

    from portal.lagesbild import queries
    from portal.lagesbild.grid import map_grid
    from portal.periods import utc_range

    with app.app_context():
        klotter = category("klotter")
        for day in range(0, 100, 2):
            report = reports.receive_report(klotter, "Text.", "Torget",
                                            (56.05 + day * 0.001, 12.85 + (day % 9) * 0.01), [], None)
            report.created_at = datetime(2026, 3, 1, 8) + timedelta(days=day)
        db.session.commit()
        grid = map_grid()
        utc = utc_range(date(2026, 3, 10), date(2026, 5, 20))
        assert sorted(queries.grid_cells(utc, grid)) == sorted(queries._raw_cells(utc, grid))
        assert sorted(queries.grid_cells(utc, grid, category_id=klotter.id, area="bjuv")) == sorted(
            queries._raw_cells(utc, grid, category_id=klotter.id, area="bjuv"))
        assert sum(n for _r, _c, n in queries.grid_cells(utc, grid)) == 36


def test_percentiles_picked_from_histograms_match_every_value_sorted():
    """The ranks picked from (hours, count) histograms give the same median and 90th
    percentile as PostgreSQL's percentile_cont over every value: ties, a single value,
    hours counted down to nothing, an empty histogram."""
    import random
    from fractions import Fraction

    from portal.lagesbild import queries

    def by_value(values, fraction):
        values = sorted(values)
        position = fraction * (len(values) - 1)
        low = int(position)
        high = min(low + 1, len(values) - 1)
        return float(values[low] + (position - low) * (values[high] - values[low]))

    rng = random.Random(12)
    histograms = {("one", 1): {7: 1}, ("ties", 2): {3: 5, 9: 5}, ("empty", 3): {4: 0, 8: 0}}
    for number in range(200):
        histograms[("random", number)] = {hours: rng.choice([0, 1, 1, 2, 5, 40]) for hours in
                                          rng.sample(range(1, 6000), rng.randint(1, 60))}
    rows = [[queries.FIXED, key, total, rank, hours * 3600]
            for key, total, rank, hours in queries._picked_ranks(histograms)]
    found = queries.percentiles(rows)
    for key, histogram in histograms.items():
        values = [hours * 3600 for hours, count in histogram.items() for _ in range(count)]
        if not values:
            assert (queries.FIXED, key) not in found
            continue
        picked = found[(queries.FIXED, key)]
        assert picked["n"] == len(values)
        for fraction in (Fraction(1, 2), Fraction(9, 10)):
            assert picked[fraction] == by_value(values, fraction), (key, fraction)


def add_handled_reports(first_day, days, step=1):
    """Reports received from first_day on, every `step` days, with times to response,
    fixed and closed on, just before and just after whole days (24 h, 48 h …) and far out."""
    from datetime import timedelta

    slugs = ["klotter", "skadegorelse", "annat", "trasig-belysning"]
    durations = [timedelta(hours=h, seconds=s) for h in (0, 1, 23, 24, 47, 48, 71, 200, 1500) for s in (0, 1)]
    for number, day in enumerate(range(0, days, step)):
        created = datetime.combine(first_day, datetime.min.time()) + timedelta(days=day, hours=number % 24)
        report = reports.receive_report(category(slugs[number % len(slugs)]), "Text.", "Torget", BJUV, [], None)
        report.created_at = created
        report.responded_at = created + durations[number % len(durations)]
        if number % 5:
            report.status = ReportStatus.FIXED if number % 3 else ReportStatus.UNABLE_TO_FIX
            report.closed_at = created + durations[(number * 7) % len(durations)] + timedelta(hours=number % 3)
    db.session.commit()


def test_percentiles_by_day_blocks_equal_those_of_every_hour(app):
    """pick_percentiles finds each rank's day first and reads only that day's hours: it
    gives the ranks that the whole hour histograms give, for whole months with ragged ends,
    a period of whole months, days within one month, an area (all from the reports) and a
    category, by category and by department, and for the reports fixed in a period."""
    from datetime import date

    from portal.lagesbild import queries
    from portal.periods import utc_range

    with app.app_context():
        add_handled_reports(date(2025, 1, 1), 500)
        kinds = (daily.RESPONSE, daily.FIXED)
        groupings = {"category": (lambda c, d: c, 0), "department": (lambda c, d: queries._group_value(d), 1)}
        klotter = category("klotter").id
        periods = [(date(2025, 1, 17), date(2026, 4, 3)), (date(2025, 1, 1), date(2025, 12, 31)),
                   (date(2025, 3, 5), date(2025, 3, 20)), (date(2025, 2, 1), date(2025, 4, 30))]
        for (first, last), area, category_id in [(p, None, None) for p in periods] + [
                (periods[0], "bjuv", None), (periods[0], None, klotter), (periods[1], None, klotter)]:
            utc = utc_range(first, last)
            picked = queries.pick_percentiles(kinds, utc, [g for g, _i in groupings.values()], area, category_id)
            for name, (group_of, index) in groupings.items():
                whole = {}
                for kind, cat, dept, hours, n in db.session.execute(
                        merged_histograms(kinds, utc, ("category", "department"), area, category_id)):
                    histogram = whole.setdefault((kind, group_of(cat, dept)), {})
                    histogram[hours] = histogram.get(hours, 0) + n
                expected = sorted([(kind, grp, total, rank, hours) for (kind, grp), total, rank, hours
                                   in queries._picked_ranks(whole)], key=repr)
                assert sorted(picked[index], key=repr) == expected, (first, last, area, category_id, name)
                assert len(expected) >= 4
            (fixed,) = queries.pick_percentiles((daily.FIXED_CLOSED,), utc, [lambda c, d: 0], area, by=())
            whole = {0: {h: n for _k, h, n in db.session.execute(merged_histograms((daily.FIXED_CLOSED,), utc, ()))}}
            assert sorted(fixed) == sorted((daily.FIXED_CLOSED, 0, *rest[1:]) for rest in queries._picked_ranks(whole))


def test_closed_within_the_level_by_day_blocks_equals_the_count_by_the_hour(app):
    """Service levels on a day's boundary (48 h) and inside a day (50 h, 47 h): the reports
    closed within them, read by day blocks and the level's own day by the hour, equal a
    count by the hour; for whole months with ragged ends, and for an area."""
    from datetime import date

    from portal.lagesbild import queries
    from portal.periods import utc_range

    with app.app_context():
        add_handled_reports(date(2025, 1, 1), 400)
        klotter = category("klotter")
        for level in (48, 50, 47, 1):
            klotter.service_level_hours = level
            db.session.commit()
            levels = dict(queries._levels())
            for (first, last), area in (((date(2025, 1, 17), date(2026, 1, 3)), None),
                                        ((date(2025, 2, 1), date(2025, 6, 30)), None),
                                        ((date(2025, 1, 17), date(2026, 1, 3)), "bjuv")):
                utc = utc_range(first, last)
                expected = {}
                for _kind, cat, dept, hours, n in db.session.execute(
                        merged_histograms((daily.CLOSED,), utc, ("category", "department"), area)):
                    if cat in levels:
                        total, within = expected.get((cat, dept), (0, 0))
                        expected[(cat, dept)] = (total + n, within + (n if hours <= levels[cat] else 0))
                found = {(cat, dept): (n, within) for cat, dept, n, within in queries._closed_within(utc, area)}
                assert found == {key: value for key, value in expected.items() if value[0]}, (level, first, area)
                assert found[(klotter.id, klotter.department_id)][1] > 0


@pytest.mark.parametrize("migration, kinds", [
    ("i28_day_histograms", [daily.RESPONSE_DAYS, daily.FIXED_DAYS, daily.CLOSED_DAYS, daily.FIXED_CLOSED_DAYS]),
    ("i29_cells_all", [daily.CELLS_ALL]),
])
def test_a_migration_that_sums_kept_counts_gives_what_the_reports_would(app, migration, kinds):
    """Migrations i28_day_histograms (the hour histograms by day blocks) and i29_cells_all
    (the map cells over every category and area) fill their kinds from the counts already
    kept: the same rows contributions() gives, on the demo data."""
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    with app.app_context():
        assert load_demo(seed=3, password="demo-losenord-for-test")
        db.session.commit()
        filled = [kind + offset for kind in kinds for offset in (0, daily.QUARTER, daily.YEAR)]
        connection = db.session.connection()
        connection.execute(daily.LagesbildCount.__table__.delete().where(daily.LagesbildCount.kind.in_(filled)))
        assert not any(key[0] in filled for key in daily.stored_counts(connection))
        path = Path(__file__).parent.parent / "portal" / "migrations" / "versions" / f"{migration}.py"
        spec = importlib.util.spec_from_file_location(migration, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with Operations.context(MigrationContext.configure(connection)):
            module.upgrade()
        stored = assert_agree()
        assert sum(1 for key in stored if key[0] in filled) > 100


def test_a_period_to_today_reads_its_year_whole_and_counts_the_same(app):
    """A period that ends after the latest report (every period to today) reads its last
    week, month, quarter and year whole from the roll-ups: the same counts, cells and ranks
    as from the reports alone. A report dated after the period (a clock ahead) is left out."""
    from datetime import timedelta

    from portal.lagesbild import queries
    from portal.lagesbild.buckets import Period, months, weeks
    from portal.lagesbild.grid import map_grid
    from portal.timeutil import to_local, utcnow

    def direct(ranges):
        found = {}
        for index, start, end in ranges:
            for (category_id,) in db.session.execute(db.select(Report.category_id).where(
                    Report.created_at >= start, Report.created_at < end, Report.status.not_in(daily.NOT_COUNTED))):
                found[(index, category_id)] = found.get((index, category_id), 0) + 1
        return found

    with app.app_context():
        now = utcnow()
        today = to_local(now).date()
        klotter, annat = category("klotter"), category("annat")
        for days_ago in list(range(0, 400, 4)) + [0, 0, 1]:
            report = reports.receive_report(klotter if days_ago % 3 else annat, "Text.", "Torget",
                                            (56.05 + days_ago * 0.0001, 12.9), [], None)
            report.created_at = now - timedelta(days=days_ago, minutes=5)
            report.responded_at = report.created_at + timedelta(hours=days_ago % 50)
            if days_ago % 2 == 0:
                report.status = ReportStatus.FIXED
                report.closed_at = min(now, report.created_at + timedelta(hours=days_ago % 70 + 1))
        db.session.commit()
        period = Period(today.replace(month=1, day=1) - timedelta(days=200), today)
        grid = map_grid()

        def check(expected_total):
            for buckets in (weeks(period), months(period), [Period(period.first, period.last)]):
                ranges = [(i, *b.utc) for i, b in enumerate(buckets)]
                found = {(b, c): n for b, c, n in queries.received_per_category(ranges)}
                assert found == direct(ranges)
                assert sum(found.values()) == expected_total
            assert sorted(queries.grid_cells(period.utc, grid)) == sorted(queries._raw_cells(period.utc, grid))
            kinds = (daily.RESPONSE, daily.FIXED)
            picked = queries.pick_percentiles(kinds, period.utc, [lambda c, d: c])[0]
            whole = {}
            for kind in kinds:
                for _k, cat, hours, n in db.session.execute(
                        queries._raw_histogram_query(kind, period.utc, [Report.category_id])):
                    whole.setdefault((kind, cat), {})[hours] = n
            assert sorted(picked) == sorted((kind, cat, total, rank, hours) for (kind, cat), total, rank, hours
                                            in queries._picked_ranks(whole))
            fixed = queries.fixed_percentiles(period.utc)
            fixed_today = queries.fixed_per_bucket([(0, *Period(today, today).utc)])
            raw_fixed = {h: n for _k, h, n in db.session.execute(
                queries._raw_histogram_query(daily.FIXED_CLOSED, period.utc, []))}
            assert sorted(fixed) == sorted([queries.FIXED, 0, total, rank, hours * 3600] for _key, total, rank, hours
                                           in queries._picked_ranks({0: raw_fixed}))
            start, end = Period(today, today).utc
            closed_today = db.session.scalar(db.select(db.func.count()).where(
                Report.status == ReportStatus.FIXED, Report.closed_at >= start, Report.closed_at < end))
            assert fixed_today == ([[0, closed_today]] if closed_today else [])

        in_period = sum(direct([(0, *period.utc)]).values())
        assert in_period > 50
        check(in_period)
        # A clock ahead: a report received and fixed tomorrow is not in a period to today.
        ahead = reports.receive_report(klotter, "Text.", "Torget", (56.05, 12.9), [], None)
        ahead.created_at = now + timedelta(days=1, hours=1)
        ahead.status, ahead.closed_at = ReportStatus.FIXED, now + timedelta(days=1, hours=2)
        db.session.commit()
        check(in_period)


def test_a_report_changed_between_the_two_reads_of_the_percentiles_is_no_error(app, monkeypatch):
    """The day blocks and their hours are two statements: a report reopened between them
    leaves a block's hours short of its count. The rank then falls on the block's last
    hour read (or its end), not on an error."""
    from datetime import date

    from portal.lagesbild import queries
    from portal.periods import utc_range

    with app.app_context():
        add_handled_reports(date(2025, 1, 1), 200)
        utc = utc_range(date(2025, 1, 1), date(2025, 6, 30))
        monkeypatch.setattr(queries, "_hours_in_blocks", lambda wanted, full_from, full_to: [])
        (picked,) = queries.pick_percentiles((daily.FIXED,), utc, [lambda c, d: c])
        assert picked
        assert all(hours % daily.DAY_HOURS == 0 for _kind, _grp, _n, _rank, hours in picked)  # the block's end
