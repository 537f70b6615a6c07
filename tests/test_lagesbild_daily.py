"""The lägesbild's daily counts (portal/lagesbild/daily.py) agree with a direct count of
the reports after every kind of change a report goes through, and after the demo data."""
from datetime import datetime

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
            mixed = histograms(queries._histogram_query(kinds, utc, groups))
            columns = [{"category": Report.category_id, "department": Report.department_id}[g] for g in groups]
            alone = {}
            for kind in kinds:
                alone.update(histograms(queries._raw_histogram_query(kind, utc, columns)))
            assert mixed == alone
            assert mixed
        fixed = histograms(queries._histogram_query((daily.FIXED_CLOSED,), utc, ()))
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
