"""The portal at volume: fill a database with N reports over three years in bulk, serve it
with gunicorn (2 workers) and time every heavy page over HTTP, p50 and p95 of 20 requests.

    .venv/bin/python bench/volume.py --reports 1000000 \\
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_d1      # PostgreSQL
    .venv/bin/python bench/volume.py --reports 1000000 --sqlite /tmp/bench.sqlite3

The database is EMPTIED first (PostgreSQL: its public schema dropped; SQLite: the file
removed): give it one of its own. With --no-fill an already filled database is timed again.
Besides the reports (the generator of bench/lagesbild.py) it writes their history lines,
photo rows, contact rows, N/20 walk sign-ups and 5·N audit-log entries: COPY on
PostgreSQL, executemany in large transactions on SQLite, the big tables' secondary indexes
(and SQLite's full-text index) built once afterwards. The lägesbild cache is switched off
(LAGESBILD_CACHE_SECONDS=0), so every lägesbild request is cold, as it is when reports
arrive every few minutes. At the end: the table, the plans of the slowest queries, and a
yardstick of the machine's speed, so that runs on different machines can be compared.
"""
import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import lagesbild as generator  # bench/lagesbild.py, beside this file
from sqlalchemy import create_engine, event, text

from portal import create_app
from portal.audit import tally as audit_tally
from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.lagesbild.daily import rebuild_daily_counts
from portal.reports import services as report_services
from portal.reports import tally
from portal.reports.models import Category, Report, ReportContact, ReportPhoto, ReportUpdate
from portal.timeutil import to_local

ROOT = Path(__file__).resolve().parent.parent
RUNS = 20
AUDIT_ACTIONS = ["report_received", "published", "status_changed", "routed", "note_added"]


# ---------------------------------------------------------------- filling, in bulk

class BulkWriter:
    """Rows into a table as fast as the database takes them: COPY on PostgreSQL (psycopg 3),
    executemany in one transaction per 50,000 rows on SQLite."""

    def __init__(self, app):
        self.app = app
        self.postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")

    def write(self, table, rows):
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        rows = _chain(first, rows)
        # The columns the rows give; of the others, those with a server default take it
        # (the id, a report's locale), the rest are NULL.
        columns = [c.name for c in table.columns if c.name in first or c.server_default is None and c.name != "id"]
        with self.app.app_context():
            raw = db.engine.raw_connection()
            try:
                count = self._copy(raw.driver_connection, table.name, columns, rows) if self.postgres \
                    else self._insert(raw.driver_connection, table.name, columns, rows)
                raw.commit()
            finally:
                raw.close()
        return count

    def _copy(self, conn, name, columns, rows):
        count = 0
        quoted = ", ".join(f'"{c}"' for c in columns)
        with conn.cursor() as cursor, cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([_plain(row.get(c)) for c in columns])
                count += 1
        return count

    def _insert(self, conn, name, columns, rows):
        sql = f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        count, batch = 0, []
        for row in rows:
            batch.append([_sqlite(row.get(c)) for c in columns])
            if len(batch) == 50_000:
                conn.executemany(sql, batch)
                count, batch = count + len(batch), []
        conn.executemany(sql, batch)
        return count + len(batch)


def _chain(first, rest):
    yield first
    yield from rest


def _plain(value):
    return value.value if hasattr(value, "value") and not isinstance(value, (int, float)) else value


def _sqlite(value):
    value = _plain(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLAlchemy stores it
    if isinstance(value, bool):
        return int(value)
    return value


def fill(app, count, signups, audit_entries, coordinator_id):
    """Reports, then their history, photos, contacts and audit entries, then walks."""
    writer = BulkWriter(app)
    lives = []  # (id, created, published, closed, status) for the rows that hang on reports

    def reports():
        for row in generator.report_rows(app, count):
            lives.append((row["id"], row["created_at"], row["published_at"], row["closed_at"], row["status"]))
            yield row

    timings = {}
    started = time.perf_counter()
    writer.write(Report.__table__, reports())
    timings["reports"] = time.perf_counter() - started
    started = time.perf_counter()
    with app.app_context():
        written = rebuild_daily_counts(db.session)  # COPY went around the ORM's flush
        tally.rebuild()
        db.session.commit()
    timings["daily counts"] = time.perf_counter() - started
    print(f"  reports: {len(lives)} rows in {timings['reports']:.0f} s; daily counts: {written} rows "
          f"in {timings['daily counts']:.0f} s", flush=True)

    def updates():
        for report_id, created, published, closed, status in lives:
            yield {"report_id": report_id, "kind": "received", "created_at": created}
            if published:
                yield {"report_id": report_id, "kind": "published", "created_at": published}
            if closed:
                yield {"report_id": report_id, "kind": "status", "status": status, "created_at": closed,
                       "message": "Åtgärdat. Tack för att du hörde av dig."}

    def photos():
        for report_id, created, *_rest in lives[::10]:
            yield {"report_id": report_id, "position": 0, "original_file": f"o{report_id}.jpg",
                   "public_file": f"p{report_id}.jpg", "content_type": "image/jpeg", "width": 1200,
                   "height": 900, "is_hidden": False, "created_at": created}

    def contacts():
        for report_id, *_rest in lives[::3]:
            yield {"report_id": report_id, "name": "Bench Invånare", "email": f"r{report_id}@example.se",
                   "phone": None, "wants_replies": True}

    def audit():
        per_report = max(1, audit_entries // max(1, len(lives)))
        for report_id, created, _published, _closed, _status in lives:
            for step in range(per_report):
                yield {"created_at": created + timedelta(hours=step * 5), "actor_id": coordinator_id,
                       "actor_name": "Bench Samordnare", "action": AUDIT_ACTIONS[step % len(AUDIT_ACTIONS)],
                       "report_id": report_id, "summary": f"Ändrade TR-{report_id:05d}.", "reason": None,
                       "details": None}

    if writer.postgres:  # one INSERT … SELECT each, from the reports: far quicker than rows from Python
        per_report = max(1, audit_entries // max(1, count))
        with app.app_context():
            for name, statement in _sql_fills(per_report, coordinator_id):
                started = time.perf_counter()
                written = db.session.execute(text(statement)).rowcount
                db.session.commit()
                timings[name] = time.perf_counter() - started
                print(f"  {name}: {written} rows in {timings[name]:.0f} s", flush=True)
    in_python = () if writer.postgres else (("history", ReportUpdate.__table__, updates()),
                                            ("photos", ReportPhoto.__table__, photos()),
                                            ("contacts", ReportContact.__table__, contacts()),
                                            ("audit", AuditEntry.__table__, audit()))
    for name, table, rows in in_python:
        started = time.perf_counter()
        written = writer.write(table, rows)
        timings[name] = time.perf_counter() - started
        print(f"  {name}: {written} rows in {timings[name]:.0f} s", flush=True)
    with app.app_context():
        audit_tally.rebuild()  # the audit entries went around the ORM's flush too
        db.session.commit()
    started = time.perf_counter()
    generator.fill_walk_signups(app, signups)
    timings["walks"] = time.perf_counter() - started
    return timings


def _sql_fills(per_report, coordinator_id):
    """The same rows as fill()'s generators, as SQL over the reports (PostgreSQL)."""
    actions = "ARRAY[" + ", ".join(f"'{a}'" for a in AUDIT_ACTIONS) + "]"
    return [
        ("history", "INSERT INTO report_update (report_id, kind, created_at) "
                    "SELECT id, 'received', created_at FROM report"),
        ("history, published", "INSERT INTO report_update (report_id, kind, created_at) "
                               "SELECT id, 'published', published_at FROM report WHERE published_at IS NOT NULL"),
        ("history, closed", "INSERT INTO report_update (report_id, kind, status, created_at, message) "
                            "SELECT id, 'status', status, closed_at, 'Åtgärdat. Tack för att du hörde av dig.' "
                            "FROM report WHERE closed_at IS NOT NULL"),
        ("photos", "INSERT INTO report_photo (report_id, position, original_file, public_file, content_type, "
                   "width, height, is_hidden, created_at) SELECT id, 0, 'o' || id || '.jpg', 'p' || id || '.jpg', "
                   "'image/jpeg', 1200, 900, false, created_at FROM report WHERE id % 10 = 1"),
        ("contacts", "INSERT INTO report_contact (report_id, name, email, phone, wants_replies) "
                     "SELECT id, 'Bench Invånare', 'r' || id || '@example.se', NULL, true FROM report "
                     "WHERE id % 3 = 1"),
        ("audit", "INSERT INTO audit_entry (created_at, actor_id, actor_name, action, report_id, summary) "
                  f"SELECT r.created_at + make_interval(hours => step * 5), {coordinator_id}, 'Bench Samordnare', "
                  f"({actions})[step % {len(AUDIT_ACTIONS)} + 1], r.id, "
                  "'Ändrade TR-' || lpad(r.id::text, 5, '0') || '.' "
                  f"FROM report r CROSS JOIN generate_series(0, {per_report - 1}) AS step"),
    ]


def prepare(url, reports, signups, audit_entries):
    """An empty, migrated database with base data, a coordinator and everything filled."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = make_app(url)
    with app.app_context():
        from flask_migrate import upgrade

        from portal.accounts.services import create_user
        from portal.seed import seed_base_data

        upgrade()
        seed_base_data()
        coordinator = create_user("bench@example.se", "Bench Samordnare", "coordinator", generator.PASSWORD)
        db.session.commit()
        coordinator_id = coordinator.id
    started = time.perf_counter()
    postgres = url.startswith("postgresql")
    indexes = _drop_indexes(app)
    fill(app, reports, signups, audit_entries, coordinator_id)
    with app.app_context():
        built = time.perf_counter()
        for definition in indexes:  # one bulk build each: far quicker than row by row
            db.session.execute(text(definition))
        if not postgres:  # the full-text index, in one pass over the reports
            db.session.execute(text("INSERT INTO fts_report(fts_report) VALUES ('rebuild')"))
        db.session.commit()
        print(f"  indexes rebuilt in {time.perf_counter() - built:.0f} s", flush=True)
        if postgres:
            for table in ("report", "report_update", "report_photo", "audit_entry"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return app, time.perf_counter() - started


BIG_TABLES = "('report', 'report_update', 'report_photo', 'audit_entry')"


def _drop_indexes(app):
    """Drop the secondary indexes of the big tables (and on SQLite the triggers that keep
    the full-text index) and return their definitions, to build again after the fill."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            rows = db.session.execute(text(
                f"SELECT 'INDEX', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                f"AND tablename IN {BIG_TABLES} AND indexname NOT LIKE '%pkey' "
                "AND indexdef NOT LIKE 'CREATE UNIQUE%'")).all()
        else:
            rows = db.session.execute(text(
                f"SELECT upper(type), name, sql FROM sqlite_master WHERE tbl_name IN {BIG_TABLES} "
                "AND sql IS NOT NULL AND (type = 'trigger' OR type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%')"
            )).all()
        for kind, name, _definition in rows:
            db.session.execute(text(f'DROP {kind} "{name}"'))
        db.session.commit()
    return [definition for _kind, _name, definition in rows]


def make_app(url):
    return create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
        "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False, "MAIL_SERVER": None,
        "LAGESBILD_CACHE_SECONDS": 0, "STAFF_TWO_FACTOR_ROLES": [],
    })


# ---------------------------------------------------------------- serving and timing

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url, cache=False):
    """gunicorn with 2 workers on a free local port, the lägesbild cache off unless `cache`
    (then each worker keeps it in memory, as by default)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_WTF_CSRF_ENABLED": "false",
           "PORTAL_SESSION_COOKIE_SECURE": "false",
           "PORTAL_SECRET_KEY": "bench-volume", "PORTAL_STAFF_TWO_FACTOR_ROLES": "[]"}
    if not cache:
        env["PORTAL_LAGESBILD_CACHE_SECONDS"] = "0"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", "/dev/null", "wsgi:app"], cwd=ROOT, env=env,
    )
    for _attempt in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


class Browser:
    """One keep-alive connection with a session cookie."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = None

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def log_in(self):
        status, _ = self.request("POST", "/admin/logga-in", urlencode(
            {"email": "bench@example.se", "password": generator.PASSWORD}))
        assert status in (302, 303), f"log-in failed: {status}"


def time_page(browser, path, runs=RUNS, before=None, warm=2):
    """p50 and p95 in ms of `runs` requests, after `warm` (one per worker) to warm templates;
    before(), when given, runs ahead of each request, untimed."""
    samples = []
    for number in range(runs + warm):
        if before is not None:
            before()
        started = time.perf_counter()
        status, _body = browser.request("GET", path)
        elapsed = (time.perf_counter() - started) * 1000
        assert status == 200, (path, status)
        if "lagesbild?" in path:
            assert b'aria-invalid="true"' not in _body, f"{path}: the form refused the filter"
        if number >= warm:
            samples.append(elapsed)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def pages(app, count):
    """(label, path, target p95 in ms or None): the issue's table first, then the rest."""
    with app.app_context():
        klotter = db.session.scalar(db.select(Category.id).where(Category.slug == "klotter"))
        middle = db.session.get(Report, max(1, count // 2))
        reference = middle.reference if middle else "TR-2025-00042"
        case_id = middle.id if middle else 1
        public_count = db.session.scalar(db.select(db.func.count()).select_from(Report.public().subquery()))
        near = db.session.execute(db.select(Report.lat, Report.lon).where(
            Report.lat.is_not(None), Report.category_id == klotter).limit(1)).first()
        slot = db.session.execute(text("SELECT id FROM walk_slot ORDER BY starts_at DESC LIMIT 1")).scalar()
    today = to_local(datetime.utcnow()).date()
    deep = min(5000, max(1, -(-public_count // app.config["REPORTS_PER_PAGE"])))
    lat, lon = near if near else (56.05, 13.0)
    return [
        ("/rapporter", "/rapporter", 100),
        (f"/rapporter?page={deep}", f"/rapporter?page={deep}", 100),
        ("/rapporter?category&status=fixed", f"/rapporter?category={klotter}&status=fixed", 100),
        ("/admin/ (overview)", "/admin/", 100),
        (f"queue ?q={reference}", f"/admin/rapporter?q={reference}", 20),
        ("queue ?q=klotter", "/admin/rapporter?q=klotter", 300),
        ("case page", f"/admin/rapporter/{case_id}", 100),
        *((f"{label}, cold", path, target) for label, path, target in lagesbild_pages()),
        ("queue, first page", "/admin/rapporter", None),
        ("queue, page 1000", "/admin/rapporter?page=1000", None),
        ("/rapporter/rss.xml", "/rapporter/rss.xml", None),
        ("/rapporter/nara.json", f"/rapporter/nara.json?category={klotter}&lat={lat}&lon={lon}", None),
        ("/admin/logg (audit log)", "/admin/logg", None),
        ("/admin/logg?page=1000", "/admin/logg?page=1000", None),
        ("/promenader", "/promenader", None),
        ("/promenader/<id>", f"/promenader/{slot}", None),
        ("/admin/promenader/", "/admin/promenader/", None),
        # Open311 (issue 19): the default 90 days, one category, a page far in, and a year ago.
        ("requests.json", "/open311/v2/requests.json", 100),
        ("requests.json?service_code=klotter", "/open311/v2/requests.json?service_code=klotter", 100),
        ("requests.json?page=10&page_size=1000", "/open311/v2/requests.json?page=10&page_size=1000", None),
        ("requests.xml, a year ago, extensions",
         f"/open311/v2/requests.xml?extensions=true&start_date={today.year - 1}-01-01T00:00:00%2B01:00"
         f"&end_date={today.year - 1}-03-01T00:00:00%2B01:00", None),
    ]


def lagesbild_pages():
    """(label, path, target p95) of the lägesbild: the staff page for the default summer, a
    calendar year and three years to today, and the public page."""
    today = to_local(datetime.utcnow()).date()
    three_years = date(today.year - 3, today.month, 1) + timedelta(days=31)
    return [
        ("/admin/lagesbild (summer)", "/admin/lagesbild", 300),
        ("/admin/lagesbild (a year)",
         f"/admin/lagesbild?date_from={today.year - 1}-01-01&date_to={today.year - 1}-12-31", 300),
        ("/admin/lagesbild (3 years)", f"/admin/lagesbild?date_from={three_years}&date_to={today}", 300),
        ("/lagesbild", "/lagesbild", 100),
    ]


def arriving_pages():
    """The lägesbild cold as the issue defines it: the cache on and a report arriving before
    every view (see report_arrives)."""
    return [(f"{label}, new report", path, target) for label, path, target in lagesbild_pages()]


def report_arrives(app):
    """A resident's report received through the portal's own service (its counts kept by
    the same listeners): every figure computed from reports is cold for the next view, the
    walks' and guards' figures not. Returns a function to call before each view."""
    with app.app_context():
        category_id = db.session.scalar(db.select(Category.id).where(Category.slug == "klotter"))

    def arrive():
        with app.test_request_context():
            category = db.session.get(Category, category_id)
            report_services.receive_report(category, "Klotter på busskuren.", "Storgatan 1",
                                           (56.0840, 12.9190), [], None)
            db.session.commit()
    return arrive


def measure(url, pages_to_time, only=None, cache=False, before=None, warm=2):
    """Time `pages_to_time` (label, path, target) whose label holds a word of `only`
    through a gunicorn of their own: [(label, path, p50, p95, target)]."""
    wanted = [page for page in pages_to_time if not only or any(word in page[0] for word in only)]
    if not wanted:
        return []
    process, port = serve(url, cache=cache)
    try:
        browser = Browser(port)
        browser.log_in()
        results = []
        for label, path, target in wanted:
            p50, p95 = time_page(browser, path, before=before, warm=warm)
            results.append((label, path, p50, p95, target))
            print(f"  {label:<40} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms", flush=True)
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_arriving(url, app, only=None):
    """The arriving_pages() through a second gunicorn with the lägesbild cache on: eight
    requests to warm both workers' walk figures (which worker answers is up to the kernel;
    with four, one worker stayed cold one run in eight), then a report before each timed
    view. Each run leaves its 4 × 28 reports in the database (at one place in Bjuv); they
    are counted in the next --no-fill run's total."""
    return measure(url, arriving_pages(), only, cache=True, before=report_arrives(app), warm=8)


# ---------------------------------------------------------------- plans of the slowest queries

def explain_slowest(app, results, pages_to_explain=4, per_page=2):
    """Run the slowest pages once in-process, record their SQL and show the plans of the
    slowest statements: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    client = app.test_client()
    signed_in = client.post("/admin/logga-in", data={"email": "bench@example.se", "password": generator.PASSWORD})
    assert signed_in.status_code in (302, 303), f"log-in failed: {signed_in.status_code}"
    with app.app_context():
        engine = db.engine
    recorded = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        recorded.append(((time.perf_counter() - conn.info["bench_started"]) * 1000, statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    slowest = sorted(results, key=lambda r: r[3], reverse=True)[:pages_to_explain]
    for label, path, *_times in slowest:
        recorded.clear()
        status = client.get(path).status_code
        assert status == 200, (path, status)
        print(f"\n### {label} ({path})")
        for ms, statement, parameters in sorted(recorded, key=lambda r: r[0], reverse=True)[:per_page]:
            print(f"\n{ms:.0f} ms: {' '.join(statement.split())[:600]}")
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
            with engine.connect() as conn:
                for line in conn.exec_driver_sql(prefix + statement, parameters):
                    print("    " + " | ".join(str(part) for part in line))
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)


def machine_yardstick():
    """Seconds for ten million additions in a Python loop, best of three: the figures of two
    machines (or of one machine on a busy and a quiet day) compare only in its light."""
    def loop():
        started, total = time.perf_counter(), 0
        for number in range(10_000_000):
            total += number
        return time.perf_counter() - started
    return min(loop() for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int,
                        help="reports to fill (default 100000); with --no-fill, those already there")
    parser.add_argument("--pg-url", help="PostgreSQL database to EMPTY and fill")
    parser.add_argument("--sqlite", help="SQLite file to (re)create and fill")
    parser.add_argument("--no-fill", action="store_true", help="time an already filled database")
    parser.add_argument("--explain", type=int, default=4, help="pages whose slowest queries are explained")
    parser.add_argument("--only", nargs="*", help="time only the pages whose label holds one of these words")
    args = parser.parse_args()
    targets = [(name, url) for name, url in (
        ("PostgreSQL", args.pg_url), ("SQLite", args.sqlite and f"sqlite:///{Path(args.sqlite).resolve()}"),
    ) if url]
    if not targets:
        parser.error("give --pg-url and/or --sqlite")
    args.reports = args.reports or (None if args.no_fill else 100_000)
    signups = max(1_000, (args.reports or 0) // 20)
    audit_entries = 5 * (args.reports or 0)
    yardstick = machine_yardstick()
    for name, url in targets:
        started = time.perf_counter()
        count = args.reports
        if args.no_fill:
            app = make_app(url)
            if count is None:  # the labels and the deep page follow what is there
                with app.app_context():
                    count = db.session.scalar(db.select(db.func.max(Report.id))) or 0
        else:
            print(f"{name}: filling {args.reports} reports, {audit_entries} audit entries, "
                  f"{signups} walk sign-ups …", flush=True)
            app, seconds = prepare(url, args.reports, signups, audit_entries)
            print(f"{name}: filled in {seconds:.0f} s", flush=True)
        results = measure(url, pages(app, count), args.only)
        results += measure_arriving(url, app, args.only)
        print(f"\n{name}, {count} reports, gunicorn 2 workers, {RUNS} requests per page, "
              f"lägesbild cache off (\"new report\": on, a report arriving before each view); "
              f"this machine's yardstick: {yardstick:.2f} s")
        print(f"| {'page':<40} | {'p50 ms':>7} | {'p95 ms':>7} | {'target':>7} | ok  |")
        print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 9}|-----|")
        for label, _path, p50, p95, target in results:
            ok = "" if target is None else ("yes" if p95 < target else "NO")
            shown = f"< {target}" if target else ""
            print(f"| {label:<40} | {p50:>7.0f} | {p95:>7.0f} | {shown:>7} | {ok:<3} |")
        if args.explain:
            explain_slowest(app, results, args.explain)
        print(f"\n{name}: done in {time.perf_counter() - started:.0f} s", flush=True)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
