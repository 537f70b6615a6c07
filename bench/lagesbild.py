"""Benchmark the lägesbild: fill a database with three years of reports, then time the
staff page (/admin/lagesbild) and the public page (/lagesbild) through the Flask test
client, with a cold cache and a warm one, on SQLite and (with --pg-url) PostgreSQL.

    .venv/bin/python bench/lagesbild.py                       # SQLite in a temporary folder
    .venv/bin/python bench/lagesbild.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The PostgreSQL database at --pg-url is EMPTIED (its public schema dropped): give it one of
its own, never the portal's. Targets: staff page under 300 ms, public page under 100 ms.
"""
import argparse
import math
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.reports.models import Category, Report, ReportStatus  # noqa: E402
from portal.timeutil import STOCKHOLM, utcnow  # noqa: E402

PASSWORD = "benchmark-losenord-2026"
# category slug: share of all reports
CATEGORY_MIX = {
    "klotter": 22, "skadegorelse": 18, "trasig-belysning": 15, "nedskrapning": 15,
    "otrygg-plats": 10, "trafik": 6, "samling": 6, "skymmande-vaxtlighet": 5, "annat": 3,
}
# area slug: share; None = no map point; "ovrigt" = anywhere inside MAP_BOUNDS
AREA_MIX = {
    "bjuv": 45, "billesholm": 20, "ekeby": 12, "skromberga": 5, "gunnarstorp": 6,
    "morarp": 5, "ovrigt": 3, None: 4,
}
VANDALISM = {"klotter", "skadegorelse"}
# Vandalism dips every summer, most in the last one (the summer effort).
SUMMER_DIP = {2024: 0.8, 2025: 0.75, 2026: 0.45}
HOURS = [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 7, 8, 8, 8, 7, 6, 4, 3, 2]
# What residents write, per category (a few mention the category's word, as people do).
WORDS = {
    "klotter": ["Klotter på väggen vid", "Nytt klotter på", "Taggar sprayade på", "Någon har sprayat på",
                "Fula tags på", "Färg på fasaden vid"],
    "skadegorelse": ["Krossad ruta vid", "Sönderslagen bänk vid", "Trasig skylt vid", "Glaskross vid"],
    "trasig-belysning": ["Lampan är trasig vid", "Mörkt vid", "Gatlyktan blinkar vid"],
    "nedskrapning": ["Skräp och burkar vid", "Soporna ligger utspridda vid", "Nedskräpat vid"],
    "otrygg-plats": ["Känns otryggt vid", "Mörk gångtunnel vid", "Ödsligt på kvällen vid"],
    "trafik": ["Bilar kör fort vid", "Farlig korsning vid"],
    "samling": ["Stora grupper samlas vid", "Oroligt på kvällarna vid"],
    "skymmande-vaxtlighet": ["Buskarna skymmer sikten vid", "Häcken växer ut över gången vid"],
    "annat": ["Något behöver ses över vid"],
}
PLACES = ["skolan", "torget", "stationen", "idrottsplatsen", "parken", "biblioteket", "vårdcentralen",
          "badplatsen", "kyrkan", "busshållplatsen"]


def season(slug, day):
    """How many reports a day brings, relative to an ordinary day."""
    summer = day.month in (6, 7, 8)
    if slug in VANDALISM and summer:
        return SUMMER_DIP.get(day.year, 0.8)
    if slug == "trasig-belysning" and day.month in (11, 12, 1, 2):
        return 1.6
    if slug == "nedskrapning" and summer:
        return 1.3
    return 1.0


def report_rows(app, count, years=3, seed=42):
    """`count` report rows over the last `years` years: the category, area, time of day
    and status mixes above, durations like a busy municipality's."""
    rng = random.Random(seed)
    now = utcnow()
    today = now.replace(tzinfo=UTC).astimezone(STOCKHOLM).date()
    first = date(today.year - years, today.month, today.day)
    days = [first + timedelta(days=i) for i in range((today - first).days)]
    with app.app_context():
        categories = {c.slug: c for c in db.session.scalars(db.select(Category))}
        levels = {c.slug: c.service_level_hours or 240 for c in categories.values()}
        areas = {a["slug"]: a["bounds"] for a in app.config["AREAS"]}
    cells = [(day, slug) for day in days for slug in CATEGORY_MIX]
    weights = [CATEGORY_MIX[slug] * season(slug, day) for day, slug in cells]
    picks = sorted(rng.choices(cells, weights, k=count), key=lambda pick: pick[0])  # ids follow time
    area_slugs, area_weights = list(AREA_MIX), list(AREA_MIX.values())
    bounds = app.config["MAP_BOUNDS"]
    for number, (day, slug) in enumerate(picks):
        local = datetime(day.year, day.month, day.day, rng.choices(range(24), HOURS)[0],
                         rng.randrange(60), rng.randrange(60), tzinfo=STOCKHOLM)
        created = local.astimezone(UTC).replace(tzinfo=None)
        area = rng.choices(area_slugs, area_weights)[0]
        lat = lon = None
        if area is not None:
            south, west, north, east = areas.get(area, bounds)
            lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        status, responded, closed = _outcome(rng, created, now, levels[slug])
        if status is ReportStatus.DUPLICATE and number == 0:
            status = ReportStatus.FIXED  # the first report has nothing to duplicate
        category = categories[slug]
        published = number % 2 == 0
        text = f"{rng.choice(WORDS[slug])} {rng.choice(PLACES)} ({number})."
        yield {
            "id": number + 1,
            "category_id": category.id, "original_category_id": category.id,
            "department_id": category.department_id, "status": status,
            "description": text, "place": area or "",
            "lat": lat, "lon": lon, "original_lat": lat, "original_lon": lon,
            "follow_token": secrets.token_urlsafe(24),
            "created_at": created, "updated_at": closed or responded or created,
            "responded_at": responded, "closed_at": closed, "version": 1,
            "is_published": published, "is_hidden": False,
            "published_at": min(created + timedelta(hours=6), now) if published else None,
            "public_title": text.split(" vid ")[0][:200] if published else None,
            "public_text": text if published else None,
            # A duplicate names its original (the database checks): the report before it.
            "duplicate_of_id": number if status is ReportStatus.DUPLICATE else None,
        }


def _outcome(rng, created, now, level_hours):
    """Status, first response and closing time: most old reports closed, new ones open."""
    responded = created + timedelta(hours=rng.lognormvariate(math.log(18), 0.9))
    responded = responded if responded < now else None
    closed = created + timedelta(hours=rng.lognormvariate(math.log(level_hours * 0.7), 0.8))
    if closed >= now or responded is None:
        return rng.choice([ReportStatus.RECEIVED, ReportStatus.CONFIRMED, ReportStatus.IN_PROGRESS]), responded, None
    closed = max(closed, responded)
    status = rng.choices(
        [ReportStatus.FIXED, ReportStatus.NOT_RESPONSIBLE, ReportStatus.UNABLE_TO_FIX,
         ReportStatus.DUPLICATE, ReportStatus.REJECTED, ReportStatus.IN_PROGRESS],
        [80, 8, 4, 4, 2, 2],
    )[0]
    return status, responded, (closed if status.is_closed else None)


def fill_reports(app, count):
    from portal.lagesbild.daily import rebuild_daily_counts
    from portal.reports import tally

    with app.app_context():
        batch = []
        for row in report_rows(app, count):
            batch.append(row)
            if len(batch) == 10_000:
                db.session.execute(Report.__table__.insert(), batch)
                batch = []
        if batch:
            db.session.execute(Report.__table__.insert(), batch)
        rebuild_daily_counts(db.session)  # the inserts went around the ORM's flush
        tally.rebuild()
        db.session.commit()


def walk_rows(app, signups, years=3, seed=7):
    """(slots, [(slot index, sign-up rows)], [(slot index, walk-report rows)]): one slot per
    ten sign-ups on Friday and Saturday evenings over the years, at the areas' centres."""
    from portal.walks.models import SignupStatus

    rng = random.Random(seed)
    with app.app_context():
        centres = [((a["bounds"][0] + a["bounds"][2]) / 2, (a["bounds"][1] + a["bounds"][3]) / 2, a["name"])
                   for a in app.config["AREAS"]]
    today = utcnow().date()
    days = (today - timedelta(days=n) for n in range(365 * years))
    evenings = [day for day in days if day.isoweekday() in (5, 6)]
    slots, people, reports = [], [], []
    for index in range(max(1, signups // 10)):
        day = rng.choice(evenings)
        lat, lon, name = rng.choice(centres)
        starts = datetime.combine(day, datetime.min.time().replace(hour=19), tzinfo=STOCKHOLM)
        starts = starts.astimezone(UTC).replace(tzinfo=None)
        created = starts - timedelta(days=14)
        slots.append({
            "starts_at": starts, "ends_at": starts + timedelta(hours=3), "meeting_point": f"Torget i {name}",
            "meeting_lat": lat, "meeting_lon": lon, "area": name, "capacity": 12, "min_walkers": 3,
            "min_age": 18, "created_at": created, "updated_at": created,
            "cancelled_at": created + timedelta(days=7) if rng.random() < 0.05 else None,
        })
        for number in range(10):
            status = (SignupStatus.CONFIRMED if number < 8
                      else rng.choice([SignupStatus.WAITING, SignupStatus.CANCELLED]))
            people.append((index, {
                "name": "Bench Vandrare", "email": f"w{index}-{number}@example.se", "phone": None,
                "is_first_walk": False, "status": status,
                "attended": rng.choice([True, True, None, False]) if status is SignupStatus.CONFIRMED else None,
                "created_at": created, "link_key": secrets.token_hex(16), "calendar_key": secrets.token_hex(16),
            }))
        for _report in range(rng.choice([0, 0, 1, 2])):
            reports.append((index, {
                "submitted_at": starts + timedelta(hours=5), "areas_walked": name,
                "youths_met": rng.randint(0, 30), "observations": rng.choice([None, "Lugnt.", "Grupp vid skolan."]),
                "incidents": rng.choice([None, None, None, "Bråk."]),
                "police_called": rng.random() < 0.05, "emergency_called": rng.random() < 0.02,
            }))
    return slots, people, reports


def fill_walk_signups(app, count):
    """About count/10 walk slots with ten sign-ups each (eight confirmed) and some walk
    reports, inserted in bulk; returns the number of sign-ups."""
    from portal.walks import tally as walk_tally
    from portal.walks.models import WalkReport, WalkSignup, WalkSlot

    slots, people, reports = walk_rows(app, count)
    with app.app_context():
        db.session.execute(WalkSlot.__table__.insert(), slots)
        ids = db.session.scalars(db.select(WalkSlot.id).order_by(WalkSlot.id)).all()
        for table, rows in ((WalkSignup.__table__, people), (WalkReport.__table__, reports)):
            for start in range(0, len(rows), 10_000):
                db.session.execute(table.insert(), [
                    {**row, "slot_id": ids[index]} for index, row in rows[start:start + 10_000]
                ])
        walk_tally.rebuild()  # the sign-ups went around the ORM's flush
        db.session.commit()
    return len(people)


def prepare(url, reports, walk_signups):
    """An empty, migrated database with base data, a coordinator and the reports."""
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
        "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False,
        "MAIL_SERVER": None,
    })
    with app.app_context():
        from flask_migrate import upgrade

        from portal.accounts.services import create_user
        from portal.seed import seed_base_data

        upgrade()
        seed_base_data()
        create_user("bench@example.se", "Bench Samordnare", "coordinator", PASSWORD)
        db.session.commit()
    started = time.perf_counter()
    fill_reports(app, reports)
    fill_walk_signups(app, walk_signups)
    with app.app_context():
        if url.startswith("postgresql"):
            db.session.execute(text("SELECT setval(pg_get_serial_sequence('report', 'id'), "
                                    "(SELECT MAX(id) FROM report))"))
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return app, time.perf_counter() - started


def time_page(app, client, path, runs):
    """(cold ms, warm ms): medians over `runs`; cold empties this worker's cache first."""
    from portal.lagesbild.cache import store

    cold, warm = [], []
    for _run in range(runs):
        with app.app_context():
            store().clear()
        for sample in (cold, warm):
            started = time.perf_counter()
            response = client.get(path)
            sample.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    return statistics.median(cold), statistics.median(warm)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--walk-signups", type=int, default=20_000,
                        help="walk sign-ups, ten per walk slot, with some walk reports")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sqlite", help="SQLite file to (re)create; default: a temporary folder")
    parser.add_argument("--pg-url", help="PostgreSQL database to EMPTY and fill, e.g. "
                        "postgresql+psycopg://postgres@127.0.0.1:5432/bench")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        sqlite_path = Path(args.sqlite or Path(folder) / "bench.sqlite3")
        sqlite_path.unlink(missing_ok=True)
        targets = [("SQLite", f"sqlite:///{sqlite_path}")]
        if args.pg_url:
            targets.append(("PostgreSQL", args.pg_url))
        else:
            print("PostgreSQL: skipped (give --pg-url of a database that may be emptied)")
        results = []
        for name, url in targets:
            app, fill_seconds = prepare(url, args.reports, args.walk_signups)
            print(f"{name}: {args.reports} reports and {args.walk_signups} walk sign-ups filled in "
                  f"{fill_seconds:.0f} s", flush=True)
            client = app.test_client()
            client.post("/admin/logga-in", data={"email": "bench@example.se", "password": PASSWORD})
            year = date.today().year
            pages = [
                ("staff, default (the summer)", "/admin/lagesbild"),
                ("staff, a whole year", f"/admin/lagesbild?date_from={year - 1}-01-01&date_to={year - 1}-12-31"),
                ("staff, three years, one area", f"/admin/lagesbild?date_from={year - 3}-12-01"
                                                 f"&date_to={year}-11-20&area=bjuv"),
                ("public", "/lagesbild"),
            ]
            for label, path in pages:
                results.append((name, label, *time_page(app, client, path, args.runs)))
            with app.app_context():
                db.engine.dispose()
    print()
    print(f"{args.reports} reports, {args.walk_signups} walk sign-ups on {max(1, args.walk_signups // 10)} "
          f"walks, median of {args.runs} runs")
    print(f"| {'database':<10} | {'page':<30} | {'cold ms':>8} | {'warm ms':>8} |")
    print(f"|{'-' * 12}|{'-' * 32}|{'-' * 10}|{'-' * 10}|")
    for name, label, cold, warm in results:
        print(f"| {name:<10} | {label:<30} | {cold:>8.0f} | {warm:>8.0f} |")


if __name__ == "__main__":
    main()
