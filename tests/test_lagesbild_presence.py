"""Adult presence in the lägesbild: walk evenings held, walkers, walker-hours and walk
reports per ISO week (Stockholm dates) and per area of the meeting point, beside the
reports of the same weeks and areas; the public counts; CSV; the cache seeing walk changes."""
import re
from datetime import UTC, datetime, time

import pytest

from portal.extensions import db
from portal.walks import signups as signup_services
from portal.walks import slots as slot_services
from portal.walks.models import SignupStatus, WalkReport, WalkSignup, WalkSlot
from tests.test_lagesbild import BILLESHOLM, BJUV, Tables, add, by_name, download
from tests.walk_helpers import make_slot, stockholm

OCTOBER = {"date_from": "2025-10-01", "date_to": "2025-10-31"}


def utc(aware):
    return aware.astimezone(UTC).replace(tzinfo=None)


def walk(app, starts, ends, position, walkers=0, waiting=0, cancel=False, capacity=None):
    """A walk made with the services (in the future), its sign-ups through the sign-up
    service, then moved to `starts`–`ends` (Stockholm time) with a direct update.
    Returns (slot id, [sign-up ids])."""
    slot_id = make_slot(app, days=5, position=position, capacity=capacity or max(walkers, 2), min_walkers=2)
    with app.test_request_context():
        for number in range(walkers + waiting):
            signup_services.sign_up(slot_id, f"Vandrare {number}", f"w{slot_id}-{number}@example.se",
                                    "070-123 45 67", False)
        if cancel:
            slot_services.cancel_slot(db.session.get(WalkSlot, slot_id), "Regn.")
        db.session.commit()
    with app.app_context():
        slot = db.session.get(WalkSlot, slot_id)
        slot.starts_at, slot.ends_at = utc(starts), utc(ends)
        db.session.commit()
        ids = db.session.scalars(db.select(WalkSignup.id).where(WalkSignup.slot_id == slot_id)
                                 .order_by(WalkSignup.id)).all()
        return slot_id, list(ids)


def set_attended(app, signup_id, value):
    with app.app_context():
        db.session.get(WalkSignup, signup_id).attended = value
        db.session.commit()


def walk_report(app, slot_id, signup_id, youths=None, observations=None, incidents=None,
                police=False, emergency=False):
    with app.app_context():
        db.session.add(WalkReport(
            slot_id=slot_id, signup_id=signup_id, areas_walked="Centrum", youths_met=youths,
            observations=observations, incidents=incidents, police_called=police,
            emergency_called=emergency, submitted_at=datetime(2025, 10, 27, 8),
        ))
        db.session.commit()


@pytest.fixture
def october(app):
    """Walks and reports in October 2025 (winter time began on Sunday 26 October)."""
    ids = {}
    # Friday 3 October 19–22 in Bjuv: three confirmed (one absent), one waiting: 2 walkers, 6 h.
    ids["a"], signups = walk(app, stockholm(2025, 10, 3, 19), stockholm(2025, 10, 3, 22), BJUV,
                             walkers=3, waiting=1)
    set_attended(app, signups[0], True)
    set_attended(app, signups[1], False)
    with app.app_context():
        assert db.session.get(WalkSignup, signups[3]).status is SignupStatus.WAITING
    walk_report(app, ids["a"], signups[0], youths=5, observations="Grupp vid skolan.", police=True)
    # Saturday 11 October in Bjuv, cancelled: nothing counts.
    walk(app, stockholm(2025, 10, 11, 19), stockholm(2025, 10, 11, 22), BJUV, walkers=2, cancel=True)
    # Saturday 18 October in Bjuv: the only walker did not come: not held.
    _id, absent = walk(app, stockholm(2025, 10, 18, 19), stockholm(2025, 10, 18, 22), BJUV, walkers=1)
    set_attended(app, absent[0], False)
    # Friday 24 October 18–20 without a map point: 1 walker, 2 h, week 43.
    walk(app, stockholm(2025, 10, 24, 18), stockholm(2025, 10, 24, 20), None, walkers=1)
    # Sunday 26 October 21.00–23.30 in Billesholm: week 43 (not 44): 2 walkers, 5 h.
    ids["b"], signups = walk(app, stockholm(2025, 10, 26, 21), stockholm(2025, 10, 26, 23, 30),
                             BILLESHOLM, walkers=2)
    walk_report(app, ids["b"], signups[0], youths=3, observations=" ", incidents="")
    walk_report(app, ids["b"], signups[1], incidents="Bråk vid busshållplatsen.", emergency=True)
    # Reports: week 40 in Bjuv; Sunday 26 October 22.30 (week 43) and Monday 00.30 (week 44)
    # in Billesholm.
    add(app, at=datetime(2025, 10, 2, 10), position=BJUV)
    add(app, at=datetime(2025, 10, 26, 21, 30), position=BILLESHOLM)
    add(app, at=datetime(2025, 10, 26, 23, 30), position=BILLESHOLM)
    return ids


HEADER = ["Walk evenings held", "Walkers", "Walker-hours", "Walk reports received", "Young people met",
          "Walk reports with observations or incidents", "Police or 112 called", "Reports received"]


def test_walks_per_iso_week_in_stockholm_time(app, coordinator, october):
    rows = download(coordinator, "promenader-veckor", **OCTOBER)
    assert len(rows[0]) == 9
    weeks = by_name(rows)
    assert list(weeks.values()) == [
        ["1", "2", "6,0", "1", "5", "1", "1", "1"],  # week 40 (from Wednesday 1 October)
        ["0", "0", "0,0", "0", "0", "0", "0", "0"],  # week 41: the cancelled walk
        ["0", "0", "0,0", "0", "0", "0", "0", "0"],  # week 42: nobody came
        ["2", "3", "7,0", "2", "3", "1", "1", "1"],  # week 43 with the Sunday evening walk
        ["0", "0", "0,0", "0", "0", "0", "0", "1"],  # week 44 (to Friday 31 October)
        ["3", "5", "13,0", "3", "8", "2", "2", "3"],  # the totals
    ]
    assert [re.findall(r"\d+|\*", row[0]) for row in rows[1:6]] == [
        ["40", "2025", "*"], ["41", "2025"], ["42", "2025"], ["43", "2025"], ["44", "2025", "*"],
    ]


def test_walks_per_area_of_the_meeting_point(app, coordinator, october):
    areas = by_name(download(coordinator, "promenader-omraden", **OCTOBER))
    assert areas["Bjuv"] == ["1", "2", "6,0", "1", "5", "1", "1", "1"]
    assert areas["Billesholm"] == ["1", "2", "5,0", "2", "3", "1", "1", "2"]
    assert areas["Ekeby"] == ["0", "0", "0,0", "0", "0", "0", "0", "0"]
    assert list(areas)[:6] == ["Bjuv", "Billesholm", "Ekeby", "Skromberga", "Gunnarstorp", "Mörarp"]
    values = list(areas.values())
    assert values[-3] == ["0"] * 2 + ["0,0"] + ["0"] * 5  # elsewhere in the municipality
    assert values[-2] == ["1", "1", "2,0", "0", "0", "0", "0", "0"]  # without a map point
    assert values[-1] == ["3", "5", "13,0", "3", "8", "2", "2", "3"]


def test_area_filter_keeps_only_that_areas_walks(app, coordinator, october):
    weeks = by_name(download(coordinator, "promenader-veckor", area="billesholm", **OCTOBER))
    assert list(weeks.values())[-1] == ["1", "2", "5,0", "2", "3", "1", "1", "2"]
    areas = by_name(download(coordinator, "promenader-omraden", area="billesholm", **OCTOBER))
    assert areas == {"Billesholm": ["1", "2", "5,0", "2", "3", "1", "1", "2"]}


def test_staff_page_shows_the_section_without_walkers_details(app, coordinator, october):
    response = coordinator.get("/admin/lagesbild", query_string=OCTOBER)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="promenader"' in html and 'id="chart-promenader-veckor"' in html
    tables = Tables(html).tables
    assert tables["promenader-omraden-caption"][1][0] == "Bjuv"
    assert "/admin/lagesbild/promenader-veckor.csv" in html
    for private in ("Vandrare", "@example.se", "070-123"):
        assert private not in html


def test_public_page_counts_walks_this_month_and_year(app, client):
    now = datetime.now(UTC).astimezone(stockholm(2025, 1, 1, 0).tzinfo)
    held, _ids = walk(app, stockholm(now.year, 1, 2, 19), stockholm(now.year, 1, 2, 22), BJUV, walkers=2)
    walk(app, stockholm(now.year - 1, 12, 30, 19), stockholm(now.year - 1, 12, 30, 22), BJUV, walkers=2)
    today = now.date()
    if today.day > 1:  # one earlier today this month (it has started)
        walk(app, datetime.combine(today.replace(day=1), time(0, 5), tzinfo=now.tzinfo),
             datetime.combine(today.replace(day=1), time(1, 5), tzinfo=now.tzinfo), BILLESHOLM, walkers=3)
    walk(app, stockholm(now.year, 12, 31, 23), stockholm(now.year, 12, 31, 23, 30), BJUV, walkers=2)  # not yet
    html = client.get("/lagesbild").get_data(as_text=True)
    tables = Tables(html)  # noqa: F841 (the page parses)
    month = 1 if today.day > 1 else 0
    assert f'id="walks-month">{month + (1 if today.month == 1 else 0)}<' in html
    assert f'id="walks-year">{1 + month}<' in html
    assert f'id="walkers-year">{2 + 3 * month}<' in html
    for private in ("Vandrare", "@example.se", "070-123"):
        assert private not in html


def test_a_walk_change_shows_at_once(app, coordinator, october):
    first = by_name(download(coordinator, "promenader-veckor", **OCTOBER))
    assert list(first.values())[-1][:2] == ["3", "5"]
    with app.app_context():
        slot = db.session.get(WalkSlot, october["b"])
        marks = {s.id: "no" for s in slot.confirmed}
    response = coordinator.post(f"/admin/promenader/{october['b']}/narvaro",
                                data={f"came-{i}": v for i, v in marks.items()})
    assert response.status_code == 303
    after = by_name(download(coordinator, "promenader-veckor", **OCTOBER))
    assert list(after.values())[-1][:3] == ["2", "3", "8,0"]
    walk_report(app, october["a"], None, youths=4)
    again = by_name(download(coordinator, "promenader-veckor", **OCTOBER))
    assert list(again.values())[-1][3:5] == ["4", "12"]


def test_a_report_leaves_the_walk_figures_cached_and_a_walk_the_report_figures(
        app, coordinator, october, monkeypatch):
    """Each figure is cached under the fingerprint of the data it reads: reports arriving
    all day must not recompute the walks, nor a walker signing up the handling times."""
    from portal.lagesbild import presence_queries, queries

    computed = []
    for module, name in ((presence_queries, "walks_held"), (queries, "handling_percentiles")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _f=original, _n=name, **k: computed.append(_n) or _f(*a, **k))

    def weeks():
        computed.clear()
        return by_name(download(coordinator, "promenader-veckor", **OCTOBER))

    assert list(weeks().values())[-1][:2] == ["3", "5"] and set(computed) == {"walks_held"}
    coordinator.get("/admin/lagesbild", query_string=OCTOBER)  # every figure of the page cached
    add(app, at=datetime(2025, 10, 27, 10), position=BILLESHOLM)
    computed.clear()
    page = coordinator.get("/admin/lagesbild", query_string=OCTOBER).get_data(as_text=True)
    assert "handling_percentiles" in computed and "walks_held" not in computed
    totals = list(by_name(Tables(page).tables["promenader-veckor-caption"]).values())[-1]
    assert totals[:2] == ["3", "5"] and totals[7] == "4"  # the new report counted, the walks as before
    with app.app_context():  # the Billesholm walk's walkers marked absent
        marks = {s.id: "no" for s in db.session.get(WalkSlot, october["b"]).confirmed}
    assert coordinator.post(f"/admin/promenader/{october['b']}/narvaro",
                            data={f"came-{i}": v for i, v in marks.items()}).status_code == 303
    computed.clear()
    coordinator.get("/admin/lagesbild", query_string=OCTOBER)
    assert "walks_held" in computed and "handling_percentiles" not in computed
    assert list(weeks().values())[-1][:2] == ["2", "3"]


def test_unknown_table_is_404(coordinator):
    assert coordinator.get("/admin/lagesbild/promenader-okand.csv").status_code == 404


def test_a_walk_is_held_from_the_moment_it_starts(app):
    """A walk counts once it has started by as_of (the hour of now): one starting exactly
    then counts, one starting a microsecond later does not, nor one after the bucket."""
    from datetime import timedelta

    from portal.lagesbild import presence_queries

    as_of = datetime(2025, 10, 3, 17)  # 19.00 Stockholm summer time
    starts = stockholm(2025, 10, 3, 19)
    at_once, _signups = walk(app, starts, stockholm(2025, 10, 3, 22), BJUV, walkers=2)
    walk(app, starts + timedelta(microseconds=1), stockholm(2025, 10, 3, 22), BJUV, walkers=3)
    walk(app, stockholm(2025, 10, 2, 19), stockholm(2025, 10, 2, 21), BJUV, walkers=1)  # the day before
    with app.app_context():
        day = (utc(stockholm(2025, 10, 3, 0)), utc(stockholm(2025, 10, 4, 0)))
        week = (utc(stockholm(2025, 9, 29, 0)), utc(stockholm(2025, 10, 6, 0)))
        held = presence_queries.walks_held([(0, *day), (1, *week), (2, *day)], as_of)
        assert sorted(held) == [[0, "bjuv", 1, 2, 2 * 3 * 3600], [1, "bjuv", 2, 3, (2 * 3 + 1 * 2) * 3600],
                                [2, "bjuv", 1, 2, 2 * 3 * 3600]]
        assert presence_queries.walks_held([(0, *day)], as_of - timedelta(microseconds=1)) == []
        assert db.session.get(WalkSlot, at_once).starts_at == as_of
