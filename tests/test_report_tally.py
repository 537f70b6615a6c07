"""The public reports' tally (portal/reports/tally.py) agrees with a count of the reports
after every change that makes a report public or not, and /rapporter shows it."""
from portal.accounts.models import Role, User
from portal.demo import load as load_demo
from portal.desk import queries
from portal.desk import services as desk
from portal.desk.queries import QueueFilter
from portal.extensions import db
from portal.reports import services as reports
from portal.reports import tally
from portal.reports.models import Category, Department, Report, ReportStatus


def counted(category_id=None, status=None):
    query = Report.public()
    if category_id:
        query = query.where(Report.category_id == category_id)
    if status:
        query = query.where(Report.status == status)
    return db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))


def assert_agree():
    db.session.flush()
    stored = {(row.category_id, row.status): row.n for row in db.session.scalars(db.select(tally.ReportTally))
              if row.n}
    rows = db.session.execute(Report.public().with_only_columns(
        Report.category_id, Report.status, db.func.count()).group_by(Report.category_id, Report.status)).all()
    assert stored == {(category_id, status.value): n for category_id, status, n in rows}
    return tally.public_count()


def category(slug):
    return db.session.scalar(db.select(Category).where(Category.slug == slug))


def test_the_tally_follows_every_change_that_makes_a_report_public_or_not(app):
    with app.app_context():
        report = reports.receive_report(category("klotter"), "Klotter på muren.", "Storgatan", None, [], None)
        other = reports.receive_report(category("skadegorelse"), "Trasig bänk.", "Parken", None, [], None)
        db.session.commit()
        assert assert_agree() == 0  # received, not yet published

        desk.publish(report, "Klotter på muren", "Klotter på muren vid Storgatan.")
        desk.publish(other, "Trasig bänk", "En trasig bänk i parken.")
        db.session.commit()
        assert assert_agree() == 2
        assert tally.public_count(category("klotter").id) == 1

        desk.change_status(report, ReportStatus.IN_PROGRESS, "Vi tittar på det.")
        desk.change_category(other, category("klotter"))
        db.session.commit()
        assert assert_agree() == 2
        assert tally.public_count(category("klotter").id, ReportStatus.IN_PROGRESS) == 1
        assert tally.public_count(status=ReportStatus.IN_PROGRESS) == counted(status=ReportStatus.IN_PROGRESS) == 1

        desk.set_hidden(report, True, "Innehåller ett namn.")
        db.session.commit()
        assert assert_agree() == 1

        desk.mark_duplicate(other, report)
        db.session.commit()
        assert_agree()

        # A report read fresh in a new session, changed twice.
        report_id = report.id
        db.session.remove()
        found = db.session.get(Report, report_id)
        found.is_hidden = False
        db.session.commit()
        assert_agree()
        found.status = ReportStatus.FIXED
        db.session.commit()
        assert tally.public_count(status=ReportStatus.FIXED) == counted(status=ReportStatus.FIXED) == 1
        assert_agree()


def test_the_tally_agrees_after_the_demo_data_and_the_list_shows_it(app, client):
    with app.app_context():
        assert load_demo(seed=7, password="demo-losenord-for-test")
        db.session.commit()
        total = assert_agree()
        klotter = category("klotter").id
        fixed = counted(klotter, ReportStatus.FIXED)
        tally.rebuild()
        db.session.commit()
        assert assert_agree() == total
        db.session.execute(db.delete(tally.ReportTally))  # as if reports were written around the ORM
        db.session.commit()
    assert "Räknat om" in app.test_cli_runner().invoke(args=["lagesbild-rebuild"]).output
    with app.app_context():
        assert assert_agree() == total
    assert total > 100 and fixed
    assert f'aria-live="polite">{total} anmälningar</p>' in client.get("/rapporter").get_data(as_text=True)
    page = client.get(f"/rapporter?category={klotter}&status=fixed").get_data(as_text=True)
    assert f'aria-live="polite">{fixed} anmälningar</p>' in page


def queue_counted(user, wanted):
    """The reports the staff queue lists, counted in the table."""
    return db.session.scalar(db.select(db.func.count()).select_from(queries.queue(user, wanted).subquery()))


def test_the_queue_tally_counts_what_the_queue_lists_for_each_role_and_filter(app, make_user, staff_client):
    with app.app_context():
        assert load_demo(seed=7, password="demo-losenord-for-test")
        db.session.commit()
    handler_id = make_user("handler", email="hanna@bjuv.example", departments=["skola"])
    police_id = make_user("police", email="polis@bjuv.example")
    with app.test_request_context():
        handler = db.session.get(User, handler_id)
        skola = db.session.scalar(db.select(Department).where(Department.slug == "skola"))
        reports_now = db.session.scalars(db.select(Report).order_by(Report.id.desc()).limit(6)).all()
        # Every change the queue's filters see: department, assignee, status, category, duplicate.
        desk.route(reports_now[0], skola)
        desk.route(reports_now[1], skola)
        db.session.flush()
        desk.assign(reports_now[1], handler)
        coordinator = db.session.scalar(db.select(User).where(User.role == Role.COORDINATOR))
        desk.assign(reports_now[0], coordinator)
        # Another department's report still assigned to the handler (as after they moved):
        # theirs to handle all the same.
        reports_now[2].assigned_to = handler
        desk.change_status(reports_now[3], ReportStatus.IN_PROGRESS, "Vi tittar på det.")
        desk.change_category(reports_now[4], category("klotter"))
        desk.mark_duplicate(reports_now[5], reports_now[0])
        db.session.commit()

        filters = [QueueFilter(), QueueFilter(department_id=0), QueueFilter(department_id=skola.id),
                   QueueFilter(category_id=category("klotter").id, status=ReportStatus.RECEIVED),
                   QueueFilter(sort="jag-ocksa", status=ReportStatus.IN_PROGRESS)]
        filters += [QueueFilter(status=status) for status in ReportStatus]
        for user in (coordinator, handler):
            for wanted in filters:
                assert queries.queue_count(user, wanted) == queue_counted(user, wanted), (user.role, wanted)
        assert queries.queue_count(handler, QueueFilter()) < queries.queue_count(coordinator, QueueFilter())
        assert queries.queue_count(db.session.get(User, police_id), QueueFilter()) == 0
        assert queries.queue_count(coordinator, QueueFilter(text="klotter")) is None  # counted in the table
        everyone = queue_counted(coordinator, QueueFilter())
        tally.rebuild()
        db.session.commit()
        assert queries.queue_count(coordinator, QueueFilter()) == everyone > 100
    page = staff_client("coordinator").get("/admin/rapporter").get_data(as_text=True)
    assert f'<p role="status">{everyone} anmälningar</p>' in page
