"""The nearby search orders reports in the database by a flat distance and measures only the
first few exactly: its answer must be the one measuring every report gives, ties included."""
import math
import random

from portal.extensions import db
from portal.reports import geo
from portal.reports.models import Category, Report
from portal.reports.nearby import reports_near

CENTRE = (56.0840, 12.9190)


def _copy(template, lat, lon, category_id, follow_token):
    """A report like `template` at another place (written directly: many, quickly)."""
    return Report(
        category_id=category_id, department_id=template.department_id, status=template.status,
        description=template.description, place=template.place, lat=lat, lon=lon,
        follow_token=follow_token, created_at=template.created_at, updated_at=template.updated_at,
    )


def _brute_force(rows, metres, limit, prefer, centre=CENTRE):
    found = [(i, c, round(geo.distance_m(*centre, la, lo))) for i, c, la, lo in rows]
    found = [f for f in found if f[2] <= metres]
    found.sort(key=lambda f: (prefer is not None and f[1] != prefer, f[2], f[0]))
    return [(i, m) for i, _c, m in found[:limit]]


def test_nearest_first_matches_measuring_every_report(app, make_report, categories):
    make_report(position=CENTRE)  # a template row; the rest are copies at chosen places
    rng = random.Random(12)
    metres_per_degree = geo.EARTH_RADIUS_M * 3.141592653589793 / 180
    with app.app_context():
        template = db.session.scalar(db.select(Report))
        klotter = categories["klotter"]
        other = db.session.scalar(db.select(Category.id).where(Category.id != klotter))
        places = [CENTRE] * 6  # the same pin: ties broken by id
        places += [(CENTRE[0] + (10.5 + rng.uniform(-0.01, 0.01)) / metres_per_degree, CENTRE[1])
                   for _ in range(8)]  # straddling a whole metre
        places += [(CENTRE[0] + rng.uniform(-0.003, 0.003), CENTRE[1] + rng.uniform(-0.005, 0.005))
                   for _ in range(60)]  # some beyond 250 m
        for number, (lat, lon) in enumerate(places):
            db.session.add(_copy(template, lat, lon, klotter if number % 3 else other, f"token-{number}"))
        db.session.commit()
        rows = db.session.execute(db.select(Report.id, Report.category_id, Report.lat, Report.lon)).all()
        for limit in (1, 3, 5, 10, 40):
            for prefer in (None, klotter, other):
                found = reports_near(db.select(Report), *CENTRE, 250, limit, prefer_category=prefer)
                assert [(r.id, m) for r, m in found] == _brute_force(rows, 250, limit, prefer), (limit, prefer)


def _destination(lat, lon, metres, bearing):
    """The point `metres` from (lat, lon) along `bearing` (degrees), on the sphere."""
    d, b, p1, l1 = metres / geo.EARTH_RADIUS_M, math.radians(bearing), math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), math.degrees(l2)


def test_a_wide_search_in_the_far_north_is_still_exact(app, make_report, categories):
    """At 5 km and 68° N the flat distance is off by metres: the margin must cover it."""
    centre = (68.0, 20.0)
    make_report(position=centre)
    rng = random.Random(68)
    places = [_destination(*centre, rng.uniform(4999.0, 5001.0), bearing) for bearing in (45, 135, 225, 315) * 3]
    places += [_destination(*centre, rng.uniform(0, 5200), rng.uniform(0, 360)) for _ in range(40)]
    with app.app_context():
        template = db.session.scalar(db.select(Report))
        for number, (lat, lon) in enumerate(places):
            db.session.add(_copy(template, lat, lon, template.category_id, f"north-{number}"))
        db.session.commit()
        south, west, north, east = geo.bounding_box(*centre, 5000)
        rows = [(i, c, la, lo) for i, c, la, lo in db.session.execute(
            db.select(Report.id, Report.category_id, Report.lat, Report.lon)).all()
            if south <= la <= north and west <= lo <= east]
        for limit in (3, 10, 60):
            found = reports_near(db.select(Report), *centre, 5000, limit)
            expected = _brute_force(rows, 5000, limit, None, centre)
            assert [(r.id, m) for r, m in found] == expected, limit


def test_case_page_lists_nearby_reports_nearest_first_same_category_before_others(
        app, coordinator, make_report, categories):
    case_id, _ = make_report(position=CENTRE)
    far_same, _ = make_report(position=(CENTRE[0] + 0.0018, CENTRE[1]))  # about 200 m north
    near_other, _ = make_report(category="nedskrapning", position=(CENTRE[0] + 0.0001, CENTRE[1]))
    near_same, _ = make_report(position=(CENTRE[0] + 0.0002, CENTRE[1]))  # about 22 m
    make_report(position=(CENTRE[0] + 0.004, CENTRE[1]))  # about 445 m: not nearby
    with app.app_context():
        references = {i: db.session.get(Report, i).reference for i in (far_same, near_other, near_same)}
    html = coordinator.get(f"/admin/rapporter/{case_id}").get_data(as_text=True)
    section = html.split('id="nearby-heading"', 1)[1].split("</section>", 1)[0]
    shown = [ref for ref in section.split('">')[1:] if ref.startswith("TR-")]
    assert [ref.split("<")[0] for ref in shown] == [
        references[near_same], references[far_same], references[near_other]]
    assert "22 m bort" in section and "(samma kategori)" in section and "11 m bort" in section
