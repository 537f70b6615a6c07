"""Every staff route, found by walking the app's own URL map: an anonymous visitor is sent
to the login page, a role without access gets 403, and a handler gets 403 on reports
outside their departments."""
import io
from datetime import date

import pytest

from portal.accounts.models import Role
from portal.efforts.models import Effort
from portal.extensions import db
from portal.group.models import GroupAction, GroupMeeting
from portal.open311.models import ApiKey, hash_key
from portal.reports.models import Category, Department, Report
from portal.reports.photos import check_photo
from portal.walks.models import SignupStatus, WalkReport, WalkSignup
from tests.content import make_event, make_news, stored_image
from tests.images import jpeg_with_gps
from tests.walk_helpers import make_slot

# The login and its second step (a half-logged-in state, or single sign-on) are open to all.
OPEN_TO_ALL = {"accounts.login", "accounts.logout", "signin.code", "signin.enrol_at_login",
               "sso.start", "sso.callback"}


def staff_rules(app):
    return [
        rule for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin") and rule.endpoint not in OPEN_TO_ALL
    ]


@pytest.fixture
def urls(app, make_report, make_user):
    """Every staff URL with real ids: a report outside the handler's department (skola)."""
    photo = check_photo(io.BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)
    report_id, _ = make_report(category="klotter", photos=[photo])  # samhällsbyggnad
    user_id = make_user("editor", email="redaktor@bjuv.example")
    owner_id = make_user("coordinator", email="agare@bjuv.example")
    slot_id = make_slot(app)
    image = stored_image(app)
    item_id = make_news(app, user_id, state="draft", image=image, image_alt="En röd yta")
    event_id = make_event(app, user_id, published=False)
    with app.app_context():
        walk_report = WalkReport(slot_id=slot_id, areas_walked="Centrum")
        api_key = ApiKey(name="System", key_hash=hash_key("nyckel"), key_prefix="nyckel")
        effort = Effort(name="Sommarinsats", first_day=date(2026, 6, 1), last_day=date(2026, 8, 31),
                        area_slugs="bjuv")
        meeting = GroupMeeting(held_on=date(2026, 10, 1), title="Trygga chefer", minutes="")
        # An action owned by another coordinator: no handler may change it.
        department = db.session.scalar(db.select(Department).limit(1))
        action = GroupAction(meeting=meeting, title="Belysning", department=department,
                             owner_id=owner_id, deadline=date(2026, 12, 1))
        signup = WalkSignup(slot_id=slot_id, name="Vandrare", email="vandrare@example.se", phone=None,
                            status=SignupStatus.CONFIRMED, link_key="k" * 20, calendar_key="c" * 20)
        db.session.add_all([walk_report, api_key, effort, meeting, action, signup])
        db.session.commit()
        report = db.session.get(Report, report_id)
        values = {
            "report_id": report_id,
            "photo_id": report.photos[0].id,
            "user_id": user_id,
            "category_id": db.session.scalar(db.select(Category.id)),
            "department_id": db.session.scalar(db.select(Department.id)),
            "action": "status",
            "slot_id": slot_id,
            "walk_report_id": walk_report.id,
            "item_id": item_id,
            "event_id": event_id,
            "name": image,
            "table": "veckor",
            "key_id": api_key.id,
            "session_id": 999999,  # no sign-in of theirs: ending it only says it has ended
            "effort_id": effort.id,
            "meeting_id": meeting.id,
            "action_id": action.id,
            "signup_id": signup.id,
        }
        found = []
        for rule in staff_rules(app):
            args = {}
            for name in rule.arguments:
                converter = rule._converters[name]
                if hasattr(converter, "items"):  # <any(a, b):name>
                    args[name] = sorted(converter.items)[0]
                else:
                    assert name in values, f"teach this test a value for <{name}> in {rule.rule}"
                    args[name] = values[name]
            with app.test_request_context():
                from flask import url_for

                url = url_for(rule.endpoint, **args)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule, method, url))
        return found


def test_the_url_map_has_the_staff_pages(urls):
    endpoints = {rule.endpoint for rule, _method, _url in urls}
    assert {"desk.dashboard", "desk.queue", "desk_case.case", "desk_case.act"} <= endpoints


def test_every_staff_route_sends_an_anonymous_visitor_to_the_login_page(client, urls):
    for _rule, method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/admin/logga-in"), (method, url)


def test_every_staff_view_declares_its_roles(app):
    for rule in staff_rules(app):
        assert hasattr(app.view_functions[rule.endpoint], "staff_roles"), rule.endpoint


@pytest.mark.parametrize("role, departments", [("handler", ["skola"]), ("editor", []), ("police", [])])
def test_roles_get_403_where_they_do_not_belong(app, staff_client, urls, role, departments):
    client = staff_client(role, departments)
    role = Role(role)
    for rule, method, url in urls:
        allowed = role in app.view_functions[rule.endpoint].staff_roles
        # A report outside the handler's departments; an action someone else owns.
        outside_department = "report_id" in rule.arguments or "action_id" in rule.arguments
        with client.open(url, method=method) as response:  # closes files sent (images)
            status = response.status_code
        if not allowed or outside_department:
            assert status == 403, (role, method, url, status)
        else:
            assert status in (200, 303, 422), (role, method, url, status)
