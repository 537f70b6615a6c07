"""The coordinator manages staff accounts in the web: create, change, deactivate, password."""
import re

import pytest
from flask_babel import gettext
from markupsafe import escape

from portal.accounts.models import Role, User
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.conftest import STAFF_PASSWORD, log_in

NEW_PASSWORD = "ny-lang-fras-med-ord-2026"
USER_PAGES = ["/admin/anvandare", "/admin/anvandare/ny", "/admin/anvandare/{id}",
              "/admin/anvandare/{id}/losenord"]


def said(app, msgid, **params):
    """A message in the site's language (English until it is translated)."""
    with app.test_request_context():
        return gettext(msgid, **params)


def shows(page, app, msgid, **params):
    """The page shows the message (labels from _l() are not escaped, the rest is)."""
    message = said(app, msgid, **params)
    return message in page or str(escape(message)) in page


def new_user_form(**overrides):
    data = {
        "email": "Hanna.Handlaggare@Bjuv.example",
        "name": "Hanna Handläggare",
        "role": "handler",
        "departments": ["skola", "kultur-och-fritid"],
        "password": NEW_PASSWORD,
        "repeat_password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def edit_form(user, **overrides):
    data = {
        "name": user.name,
        "role": user.role.value,
        "departments": [d.slug for d in user.departments],
        "is_active": "y" if user.is_active else None,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def account(app, user_id=None, email=None):
    with app.app_context():
        if email:
            user = db.session.scalar(db.select(User).where(User.email == email))
        else:
            user = db.session.get(User, user_id)
        if user is not None:
            user.departments  # noqa: B018 (load them before the session closes)
            db.session.expunge(user)
        return user


def count_users(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(User.id)))


def actions(app):
    with app.app_context():
        return [(e.action, e.details) for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action.notin_(["login", "login_failed"]))
            .order_by(AuditEntry.id))]


def test_the_list_shows_every_account(app, staff_client, make_user):
    make_user("handler", email="h@bjuv.example", name="Hugo <b>Handläggare</b>",
              departments=("skola", "socialtjanst"))
    gone = make_user("editor", email="e@bjuv.example", name="Eva Redaktör")
    with app.app_context():
        db.session.get(User, gone).is_active = False
        db.session.commit()
    page = staff_client("coordinator").get("/admin/anvandare")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Hugo &lt;b&gt;Handläggare&lt;/b&gt;" in html and "<b>Handläggare" not in html
    assert "h@bjuv.example" in html and "Skola, Socialtjänst" in html
    assert shows(html, app, "Case handler") and shows(html, app, "Web editor")
    assert shows(html, app, "Deactivated") and shows(html, app, "Never")


def test_coordinator_creates_an_account_that_can_log_in(app, client, staff_client):
    coordinator = staff_client("coordinator")
    assert coordinator.get("/admin/anvandare/ny").status_code == 200
    response = coordinator.post("/admin/anvandare/ny", data=new_user_form())
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/anvandare")

    created = account(app, email="hanna.handlaggare@bjuv.example")  # stored in lower case
    assert created.role is Role.HANDLER and created.is_active
    assert sorted(d.slug for d in created.departments) == ["kultur-och-fritid", "skola"]
    assert log_in(client, "hanna.handlaggare@bjuv.example", NEW_PASSWORD).status_code == 303
    assert client.get("/admin/").status_code == 200
    assert ("user_created", {"user_id": created.id, "role": "handler",
                             "departments": ["kultur-och-fritid", "skola"]}) in [
        (action, {**details, "departments": sorted(details["departments"])})
        for action, details in actions(app)
    ]


def test_coordinator_changes_name_role_and_departments(app, staff_client, make_user):
    user_id = make_user("handler", email="h@bjuv.example", departments=("skola",))
    coordinator = staff_client("coordinator")
    page = coordinator.get(f"/admin/anvandare/{user_id}").get_data(as_text=True)
    assert re.search(r'<input checked id="departments-\d" name="departments" type="checkbox" '
                     r'value="skola">', page)
    assert len(re.findall(r'<input checked id="departments-', page)) == 1
    response = coordinator.post(f"/admin/anvandare/{user_id}", data=edit_form(
        account(app, user_id), name="Hanna Ny", role="editor", departments=[]))
    assert response.status_code == 303
    changed = account(app, user_id)
    assert (changed.name, changed.role, changed.departments) == ("Hanna Ny", Role.EDITOR, [])
    [(action, details)] = [a for a in actions(app) if a[0] == "user_changed"]
    assert details["before"]["role"] == "handler" and details["after"]["role"] == "editor"


def test_deactivation_ends_the_users_session_at_the_next_request(app, staff_client):
    handler = staff_client("handler", ("skola",), email="h@bjuv.example")
    assert handler.get("/admin/").status_code == 200
    user = account(app, email="h@bjuv.example")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/anvandare/{user.id}", data=edit_form(user, is_active=None))
    assert response.status_code == 303
    assert not account(app, user.id).is_active

    response = handler.get("/admin/")
    assert response.status_code in (302, 303)
    assert "/admin/logga-in" in response.headers["Location"]
    assert log_in(handler, "h@bjuv.example").status_code == 422
    assert "user_changed" in [action for action, _details in actions(app)]


def test_setting_a_password_replaces_the_old_one_and_ends_sessions(app, client, staff_client):
    handler = staff_client("handler", ("skola",), email="h@bjuv.example")
    user = account(app, email="h@bjuv.example")
    coordinator = staff_client("coordinator")
    assert coordinator.get(f"/admin/anvandare/{user.id}/losenord").status_code == 200
    response = coordinator.post(f"/admin/anvandare/{user.id}/losenord", data={
        "password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert response.status_code == 303

    assert "/admin/logga-in" in handler.get("/admin/").headers["Location"]
    assert log_in(client, "h@bjuv.example", STAFF_PASSWORD).status_code == 422
    assert log_in(client, "h@bjuv.example", NEW_PASSWORD).status_code == 303
    assert ("password_set", {"user_id": user.id}) in actions(app)


def test_a_coordinator_cannot_lock_themselves_out(app, staff_client):
    coordinator = staff_client("coordinator", email="c@bjuv.example")
    me = account(app, email="c@bjuv.example")
    for overrides, field, message in [
        ({"is_active": None}, "is_active",
         "You cannot deactivate your own account. Ask another coordinator to do it."),
        ({"role": "handler", "departments": ["skola"]}, "role",
         "You cannot take away your own coordinator role. Ask another coordinator to do it."),
    ]:
        response = coordinator.post(f"/admin/anvandare/{me.id}", data=edit_form(me, **overrides))
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'id="{field}-error"' in html and shows(html, app, message)
    unchanged = account(app, me.id)
    assert unchanged.is_active and unchanged.role is Role.COORDINATOR
    assert coordinator.get("/admin/anvandare").status_code == 200  # still logged in
    assert [action for action, _details in actions(app)] == ["user_created"]


def test_own_password_goes_through_the_my_password_page(app, staff_client):
    coordinator = staff_client("coordinator", email="c@bjuv.example")
    me = account(app, email="c@bjuv.example")
    response = coordinator.get(f"/admin/anvandare/{me.id}/losenord")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/konto/losenord")


SHORT = "kort-lösen"  # 10 characters


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": ""}, "email", "Enter the person's email address."),
        ({"email": "inte-en-adress"}, "email", "Enter an email address in the form name@example.se."),
        ({"email": "x" * 250 + "@b.se"}, "email", "The email address may be at most 254 characters."),
        ({"email": "C@Bjuv.example"}, "email", "There is already an account for %(email)s."),
        ({"name": ""}, "name", "Write the person's name."),
        ({"name": "x" * 121}, "name", "The name may be at most 120 characters."),
        ({"role": None}, "role", "Choose a role."),
        ({"role": "admin"}, "role", "Choose one of the roles."),
        ({"departments": []}, "departments",
         "A case handler must belong to at least one department."),
        ({"departments": ["finns-inte"]}, "departments", "No department is called %(slug)s."),
        ({"password": SHORT, "repeat_password": SHORT}, "password",
         "The password must be at least %(min)s characters."),
        ({"password": "", "repeat_password": ""}, "password", "Enter a password."),
        ({"repeat_password": NEW_PASSWORD + "x"}, "repeat_password",
         "The two passwords are not the same."),
    ],
)
def test_bad_account_input_is_refused_and_nothing_saved(app, staff_client, overrides, field,
                                                        message):
    coordinator = staff_client("coordinator", email="c@bjuv.example")
    before = count_users(app)
    data = {key: value for key, value in new_user_form(**overrides).items() if value is not None}
    response = coordinator.post("/admin/anvandare/ny", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html and f'id="{field}-error"' in html
    assert shows(html, app, message, email="c@bjuv.example", slug="finns-inte", min=12)
    assert f"<title>{said(app, 'Error:')}" in html
    assert NEW_PASSWORD not in html and SHORT not in html  # passwords are never sent back
    if field != "email":
        assert 'value="Hanna.Handlaggare@Bjuv.example"' in html  # what was typed is kept
    assert count_users(app) == before
    assert [action for action, _details in actions(app)] == ["user_created"]  # the coordinator


def test_html_in_a_name_is_stored_as_text_and_escaped(app, staff_client):
    coordinator = staff_client("coordinator")
    response = coordinator.post("/admin/anvandare/ny", data=new_user_form(
        name='<script>alert("x")</script>'))
    assert response.status_code == 303
    assert account(app, email="hanna.handlaggare@bjuv.example").name == '<script>alert("x")</script>'
    html = coordinator.get("/admin/anvandare").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "Write the person's name."),
        ({"departments": []}, "departments",
         "A case handler must belong to at least one department."),
        ({"role": "chef"}, "role", "Choose one of the roles."),
    ],
)
def test_bad_input_when_changing_an_account_changes_nothing(app, staff_client, make_user,
                                                             overrides, field, message):
    user_id = make_user("handler", email="h@bjuv.example", name="Hugo",
                        departments=("skola",))
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/anvandare/{user_id}",
                                data=edit_form(account(app, user_id), **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and shows(html, app, message)
    unchanged = account(app, user_id)
    assert (unchanged.name, unchanged.role, [d.slug for d in unchanged.departments]) == (
        "Hugo", Role.HANDLER, ["skola"])
    assert "user_changed" not in [action for action, _details in actions(app)]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"password": SHORT, "repeat_password": SHORT}, "password",
         "The password must be at least %(min)s characters."),
        ({"password": NEW_PASSWORD, "repeat_password": "något annat"}, "repeat_password",
         "The two passwords are not the same."),
        ({"password": "x" * 201, "repeat_password": "x" * 201}, "password",
         "The password may be at most %(max)s characters."),
    ],
)
def test_bad_new_password_is_refused(app, client, staff_client, make_user, data, field, message):
    user_id = make_user("editor", email="e@bjuv.example")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/anvandare/{user_id}/losenord", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and shows(html, app, message, min=12, max=200)
    assert data["password"] not in html
    assert log_in(client, "e@bjuv.example", STAFF_PASSWORD).status_code == 303  # unchanged


@pytest.mark.parametrize("path", ["/admin/anvandare/999999", "/admin/anvandare/999999/losenord"])
def test_unknown_accounts_are_not_found(staff_client, path):
    coordinator = staff_client("coordinator")
    assert coordinator.get(path).status_code == 404
    assert coordinator.post(path, data={"name": "X"}).status_code == 404


@pytest.mark.parametrize("role, departments", [("handler", ("skola",)), ("editor", ())])
@pytest.mark.parametrize("path", USER_PAGES)
def test_only_the_coordinator_may_manage_accounts(app, staff_client, make_user, role,
                                                  departments, path):
    target = make_user("editor", email="target@bjuv.example")
    other = staff_client(role, departments)
    path = path.format(id=target)
    before = count_users(app)
    assert other.get(path).status_code == 403
    if path != "/admin/anvandare":
        response = other.post(path, data=new_user_form(role="coordinator", is_active="y"))
        assert response.status_code == 403
    assert count_users(app) == before
    assert account(app, target).role is Role.EDITOR
    assert log_in(app.test_client(), "target@bjuv.example").status_code == 303


@pytest.mark.parametrize("path", USER_PAGES)
def test_visitors_are_sent_to_the_login(client, path):
    path = path.format(id=1)
    for response in (client.get(path), client.post(path, data=new_user_form())):
        assert response.status_code in (302, 303)
        assert "/admin/logga-in" in response.headers["Location"]
