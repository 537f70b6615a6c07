"""The coordinator manages report categories and departments in the web."""
import pytest
from flask_babel import gettext
from markupsafe import escape

from portal.audit.models import AuditEntry
from portal.common.slugs import slugify
from portal.extensions import db
from portal.reports.models import Category, Department

SETTINGS_PAGES = [
    "/admin/kategorier",
    "/admin/kategorier/ny",
    "/admin/kategorier/1",
    "/admin/forvaltningar",
    "/admin/forvaltningar/ny",
    "/admin/forvaltningar/1",
]


def said(app, msgid, **params):
    """A message in the site's language (English until it is translated)."""
    with app.test_request_context():
        return gettext(msgid, **params)


def shows(page, app, msgid, **params):
    """The page shows the message (labels from _l() are not escaped, the rest is)."""
    message = said(app, msgid, **params)
    return message in page or str(escape(message)) in page


SERVICE_LEVEL = ("Enter the service level as a whole number of hours from 1 to 8760, or "
                 "leave it empty.")
POSITION = "Enter the position as a whole number from 0 to 999."
DEPARTMENT = "Choose one of the listed departments."


def category_form(departments=None, **overrides):
    data = {
        "name": "Nedfallna träd",
        "description": "Träd eller grenar som har fallit över gångvägar.",
        "notice": "",
        "service_level_hours": "72",
        "department_id": "",
        "position": "20",
        "is_active": "y",
    }
    data.update(overrides)
    return data


def category(app, slug):
    with app.app_context():
        found = db.session.scalar(db.select(Category).where(Category.slug == slug))
        if found is not None:
            db.session.expunge(found)
        return found


def department_id(app, slug):
    with app.app_context():
        return db.session.scalar(db.select(Department.id).where(Department.slug == slug))


def count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(model.id)))


def audit_entries(app, action):
    with app.app_context():
        return [(e.actor_name, e.details) for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )]


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Skymmande växtlighet", "skymmande-vaxtlighet"),
        ("Åskskadad lekplats", "askskadad-lekplats"),
        ("  Öde  torg!  ", "ode-torg"),
        ("Klotter/Tags <b>", "klotter-tags-b"),
        ("Café & kiosk", "cafe-kiosk"),
    ],
)
def test_slug_is_made_from_the_name(name, slug):
    assert slugify(name) == slug


def test_coordinator_creates_a_category_that_appears_on_the_public_form(app, client, staff_client):
    coordinator = staff_client("coordinator", name="Saga Samordnare")
    page = coordinator.get("/admin/kategorier/ny")
    assert page.status_code == 200
    assert 'name="department_id"' in page.get_data(as_text=True)

    response = coordinator.post("/admin/kategorier/ny", data=category_form(
        department_id=str(department_id(app, "kultur-och-fritid")),
        notice="Ring 112 om någon är skadad.",
    ))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/kategorier")
    listing = coordinator.get("/admin/kategorier").get_data(as_text=True)
    assert "Nedfallna träd" in listing
    assert shows(listing, app, "The category %(name)s has been created.", name="Nedfallna träd")

    created = category(app, "nedfallna-trad")
    assert created is not None and created.is_active
    assert created.service_level_hours == 72 and created.position == 20
    assert created.notice == "Ring 112 om någon är skadad."
    form = client.get("/rapportera").get_data(as_text=True)
    assert "Nedfallna träd" in form and "Ring 112 om någon är skadad." in form

    [(actor, details)] = audit_entries(app, "category_created")
    assert actor == "Saga Samordnare"
    assert details["slug"] == "nedfallna-trad" and details["before"] is None
    assert details["after"]["department"] == "kultur-och-fritid"


def test_retiring_a_category_removes_it_from_the_form_but_keeps_its_reports(
    app, client, staff_client, make_report
):
    report_id, _token = make_report(category="trafik")
    klotter = category(app, "trafik")
    coordinator = staff_client("coordinator")
    edit = coordinator.get(f"/admin/kategorier/{klotter.id}").get_data(as_text=True)
    assert "Osäker trafiksituation" in edit and 'checked' in edit

    data = category_form(
        name="Osäker trafiksituation", description=klotter.description,
        service_level_hours="240", department_id=str(klotter.department_id),
        position=str(klotter.position),
    )
    del data["is_active"]  # an unticked checkbox is not sent
    response = coordinator.post(f"/admin/kategorier/{klotter.id}", data=data)
    assert response.status_code == 303

    retired = category(app, "trafik")
    assert not retired.is_active and retired.slug == "trafik"
    assert "Osäker trafiksituation" not in client.get("/rapportera").get_data(as_text=True)
    assert count(app, Category) == 9  # never deleted
    with app.app_context():
        from portal.reports.models import Report

        assert db.session.get(Report, report_id).category_id == klotter.id
    [(_actor, details)] = audit_entries(app, "category_settings_changed")
    assert details["before"]["is_active"] is True and details["after"]["is_active"] is False
    listing = coordinator.get("/admin/kategorier").get_data(as_text=True)
    assert "Osäker trafiksituation" in listing  # still listed for staff, marked retired


def test_editing_a_category_changes_the_public_form(app, client, staff_client):
    annat = category(app, "annat")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/kategorier/{annat.id}", data=category_form(
        name="Något annat", description="Allt som inte passar in ovan.",
        service_level_hours="", position=str(annat.position),
    ))
    assert response.status_code == 303
    changed = category(app, "annat")
    assert changed.name == "Något annat" and changed.slug == "annat"
    assert changed.service_level_hours is None
    form = client.get("/rapportera").get_data(as_text=True)
    assert "Något annat" in form and "Allt som inte passar in ovan." in form


def test_saving_an_unchanged_category_writes_no_audit_entry(app, staff_client):
    klotter = category(app, "klotter")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/kategorier/{klotter.id}", data=category_form(
        name=klotter.name, description=klotter.description, notice=klotter.notice,
        service_level_hours=str(klotter.service_level_hours),
        department_id=str(klotter.department_id), position=str(klotter.position),
    ))
    assert response.status_code == 303
    assert audit_entries(app, "category_settings_changed") == []


def test_html_in_category_texts_is_stored_as_text_and_escaped(app, client, staff_client):
    coordinator = staff_client("coordinator")
    response = coordinator.post("/admin/kategorier/ny", data=category_form(
        name="<script>alert(1)</script> Lampor",
        description='Trasiga <a href="javascript:alert(1)">lampor</a> <b>nu</b>',
        notice="<img src=x onerror=alert(1)>Ring 112",
    ))
    assert response.status_code == 303
    created = category(app, "script-alert-1-script-lampor")
    assert created.name == "<script>alert(1)</script> Lampor"  # stored as typed, as text
    assert created.description == "Trasiga lampor nu"  # through plain_text: no tags
    assert created.notice == "Ring 112"
    for html in (client.get("/rapportera").get_data(as_text=True),
                 coordinator.get("/admin/kategorier").get_data(as_text=True)):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Lampor" in html
    assert "onerror" not in client.get("/rapportera").get_data(as_text=True)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", ("Write the category's name.",)),
        ({"name": "   "}, "name", ("Write the category's name.",)),
        ({"name": "x" * 121}, "name", ("The name may be at most 120 characters.",)),
        ({"name": "Klotter"}, "name",
         ("There is already a category called %(name)s. Choose another name.", "Klotter")),
        ({"name": "klotter "}, "name",
         ("There is already a category called %(name)s. Choose another name.", "klotter")),
        ({"name": "Trafik"}, "name",
         ("The name gives the short name %(slug)s, which is already used. Choose another name.",
          "trafik")),
        ({"name": "!!!"}, "name", ("The name must contain at least one letter or digit.",)),
        ({"name": "<b>x</b>" * 20}, "name", ("The name may be at most 120 characters.",)),
        ({"description": ""}, "description", ("Write a description.",)),
        ({"description": "<b></b>"}, "description", ("Write a description in plain text.",)),
        ({"description": "x" * 1001}, "description",
         ("The description may be at most 1 000 characters.",)),
        ({"notice": "x" * 1001}, "notice", ("The notice may be at most 1 000 characters.",)),
        ({"service_level_hours": "abc"}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"service_level_hours": "-5"}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"service_level_hours": "0"}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"service_level_hours": "1.5"}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"service_level_hours": "8761"}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"service_level_hours": "9" * 40}, "service_level_hours", (SERVICE_LEVEL,)),
        ({"position": ""}, "position", (POSITION,)),
        ({"position": "först"}, "position", (POSITION,)),
        ({"position": "-1"}, "position", (POSITION,)),
        ({"position": "99999999999"}, "position", (POSITION,)),
        ({"department_id": "999999"}, "department_id", (DEPARTMENT,)),
        ({"department_id": "skola"}, "department_id", (DEPARTMENT,)),
    ],
)
def test_bad_category_input_is_refused_and_nothing_saved(app, staff_client, overrides, field,
                                                         message):
    coordinator = staff_client("coordinator")
    before = count(app, Category)
    data = category_form(**overrides)
    response = coordinator.post("/admin/kategorier/ny", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html and f'href="#{field}"' in html
    msgid, *value = message
    params = {"slug": value[0]} if "%(slug)s" in msgid else {"name": value[0]} if value else {}
    assert f'id="{field}-error"' in html and shows(html, app, msgid, **params)
    assert f"<title>{said(app, 'Error:')}" in html
    typed = str(escape(data[field].strip()))
    if field in ("description", "notice"):
        assert f"\n{typed}</textarea>" in html  # what was typed is kept
    elif field != "department_id":
        assert f'value="{typed}"' in html
    assert count(app, Category) == before
    assert audit_entries(app, "category_created") == []


def test_bad_input_when_editing_a_category_changes_nothing(app, staff_client):
    klotter = category(app, "klotter")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/kategorier/{klotter.id}", data=category_form(
        name="Skadegörelse", description="Ny text", service_level_hours="12",
    ))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert shows(html, app, "There is already a category called %(name)s. Choose another name.",
                 name="Skadegörelse")
    assert "\nNy text</textarea>" in html  # what was typed is kept
    unchanged = category(app, "klotter")
    assert (unchanged.name, unchanged.description, unchanged.service_level_hours) == (
        "Klotter", klotter.description, 48)
    assert audit_entries(app, "category_settings_changed") == []


def test_coordinator_creates_and_edits_a_department(app, staff_client):
    coordinator = staff_client("coordinator", name="Saga Samordnare")
    response = coordinator.post("/admin/forvaltningar/ny", data={
        "name": "Räddningstjänst", "email": "raddning@bjuv.example"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/admin/forvaltningar")
    new_id = department_id(app, "raddningstjanst")
    assert new_id is not None

    skola = department_id(app, "skola")
    response = coordinator.post(f"/admin/forvaltningar/{skola}", data={
        "name": "Skola och förskola", "email": "skola@bjuv.example"})
    assert response.status_code == 303
    with app.app_context():
        changed = db.session.get(Department, skola)
        assert (changed.slug, changed.name, changed.email) == (
            "skola", "Skola och förskola", "skola@bjuv.example")
    listing = coordinator.get("/admin/forvaltningar").get_data(as_text=True)
    assert "Skola och förskola" in listing and "Räddningstjänst" in listing
    [(actor, created)] = audit_entries(app, "department_created")
    assert actor == "Saga Samordnare" and created["after"]["email"] == "raddning@bjuv.example"
    [(_actor, details)] = audit_entries(app, "department_changed")
    assert details["before"] == {"name": "Skola", "email": None}
    assert details["after"] == {"name": "Skola och förskola", "email": "skola@bjuv.example"}

    # The new department is offered for categories and accounts.
    assert "Räddningstjänst" in coordinator.get("/admin/kategorier/ny").get_data(as_text=True)
    assert "Räddningstjänst" in coordinator.get("/admin/anvandare/ny").get_data(as_text=True)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": "", "email": ""}, "name", "Write the department's name."),
        ({"name": "x" * 121, "email": ""}, "name", "The name may be at most 120 characters."),
        ({"name": "Socialtjänst", "email": ""}, "name",
         "There is already a department called %(name)s. Choose another name."),
        ({"name": "Ny förvaltning", "email": "inte-en-adress"}, "email",
         "Enter an email address in the form name@example.se."),
        ({"name": "Ny förvaltning", "email": "a@b"}, "email",
         "Enter an email address in the form name@example.se."),
        ({"name": "Ny förvaltning", "email": "x" * 250 + "@b.se"}, "email",
         "The email address may be at most 254 characters."),
    ],
)
def test_bad_department_input_is_refused_and_nothing_saved(app, staff_client, data, field,
                                                           message):
    coordinator = staff_client("coordinator")
    response = coordinator.post("/admin/forvaltningar/ny", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="error-summary"' in html and f'id="{field}-error"' in html
    assert shows(html, app, message, name=data["name"])
    if data["email"] and len(data["email"]) < 100:
        assert f'value="{data["email"]}"' in html
    assert count(app, Department) == 5
    assert audit_entries(app, "department_created") == []


def test_bad_input_when_editing_a_department_changes_nothing(app, staff_client):
    skola = department_id(app, "skola")
    coordinator = staff_client("coordinator")
    response = coordinator.post(f"/admin/forvaltningar/{skola}", data={
        "name": "Kultur och fritid", "email": "skola@bjuv.example"})
    assert response.status_code == 422
    assert 'value="skola@bjuv.example"' in response.get_data(as_text=True)
    with app.app_context():
        unchanged = db.session.get(Department, skola)
        assert (unchanged.name, unchanged.email) == ("Skola", None)


@pytest.mark.parametrize("path", ["/admin/kategorier/999999", "/admin/forvaltningar/999999"])
def test_unknown_ids_are_not_found(staff_client, path):
    coordinator = staff_client("coordinator")
    assert coordinator.get(path).status_code == 404
    assert coordinator.post(path, data={"name": "X"}).status_code == 404


@pytest.mark.parametrize("role, departments", [("handler", ("skola",)), ("editor", ())])
@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_only_the_coordinator_may_manage_settings(app, staff_client, role, departments, path):
    other = staff_client(role, departments)
    assert other.get(path).status_code == 403
    if path not in ("/admin/kategorier", "/admin/forvaltningar"):  # the lists are GET only
        assert other.post(path, data=category_form()).status_code == 403
    assert count(app, Category) == 9 and count(app, Department) == 5


@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_visitors_are_sent_to_the_login(client, path):
    for response in (client.get(path), client.post(path, data=category_form())):
        assert response.status_code in (302, 303)
        assert "/admin/logga-in" in response.headers["Location"]


def test_the_staff_menu_links_to_settings_for_coordinators_only(staff_client):
    menu = staff_client("coordinator").get("/admin/").get_data(as_text=True)
    assert 'href="/admin/kategorier"' in menu and 'href="/admin/forvaltningar"' in menu
    menu = staff_client("handler", ("skola",)).get("/admin/").get_data(as_text=True)
    assert 'href="/admin/kategorier"' not in menu
