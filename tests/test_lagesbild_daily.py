"""The lägesbild's daily counts (portal/lagesbild/daily.py) agree with a direct count of
the reports after every kind of change a report goes through, and after the demo data."""
from datetime import datetime

from portal.desk import services as desk
from portal.extensions import db
from portal.lagesbild import daily
from portal.reports import services as reports
from portal.reports.models import Category, Department, Report, ReportStatus
from portal.seed import seed_demo_content

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
        assert seed_demo_content()
        db.session.commit()
        stored = assert_agree()
        assert stored
        daily.rebuild_daily_counts(db.session)
        db.session.commit()
        assert assert_agree() == stored
