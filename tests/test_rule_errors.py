"""One way to refuse: a service raises RuleError(message, field); the route's `refuse` rolls
back and shows the Swedish message at the field, with an error summary that links to it."""
import ast
import re
from html import unescape
from pathlib import Path

from wtforms import Form
from wtforms.fields.core import UnboundField

from portal.accounts.models import User
from portal.extensions import db
from portal.news.models import NewsItem
from portal.reports.models import Category, Department, Report
from portal.walks.models import WalkSignup
from tests.content import editor, editor_id, make_news, post_form  # noqa: F401 (fixtures)
from tests.walk_helpers import make_slot, signup_data

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def summary_of(html):
    """The error summary's entries as (link target or None, text)."""
    summary = re.search(r'<div class="error-summary".*?</ul>', html, re.DOTALL)
    assert summary, "no error summary on the page"
    entries = []
    for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.DOTALL):
        link = re.fullmatch(r'\s*<a href="#([^"]*)">(.*?)</a>\s*', item, re.DOTALL)
        text = link.group(2) if link else item.strip()
        entries.append((link.group(1) if link else None, unescape(text)))
    return entries


def assert_refused_at(html, field_id, message, target=None):
    """The message is at the field (its error paragraph) and the summary links to the field
    (or to `target`, a group's first box), whose id is on the page; every other link in the
    summary leads somewhere too."""
    error_id = re.escape(f"{field_id}-error")
    error = re.search(rf'<p class="field-error" id="{error_id}">(.*?)</p>', html, re.DOTALL)
    assert error, f"no error at #{field_id}"
    assert message in unescape(error.group(1))
    entries = summary_of(html)
    assert (target or field_id, message) in entries
    for target, _text in entries:
        assert target != "", "a summary link to #"
        if target is not None:
            assert f'id="{target}"' in html, f"the summary links to #{target}, not on the page"


def count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_an_account_refusal_is_shown_at_the_departments(app, staff_client):
    coordinator = staff_client("coordinator", email="c@bjuv.example")
    before = count(app, User)
    response = coordinator.post("/admin/anvandare/ny", data={
        "email": "hanna@bjuv.example", "name": "Hanna Handläggare", "role": "handler",
        "password": "en lång och bra fras", "repeat_password": "en lång och bra fras"})
    assert response.status_code == 422
    assert_refused_at(response.get_data(as_text=True), "departments",
                      "En handläggare måste höra till minst en förvaltning.",
                      target="departments-0")
    assert count(app, User) == before


def _act(client, app, report_id, action, **fields):
    with app.app_context():
        version = db.session.get(Report, report_id).version
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data[f"{action}-version"] = version
    return client.post(f"/admin/rapporter/{report_id}/{action}", data=data)


def _state(app, report_id):
    with app.app_context():
        report = db.session.get(Report, report_id)
        return report.department_id, report.assigned_to_id, report.category_id, report.version


def test_a_desk_refusal_is_shown_at_the_choice_the_form_has(app, coordinator, make_report):
    """The three choice forms name their select "choice": the summary links to it, not to #."""
    report_id, _token = make_report(category="klotter")
    before = _state(app, report_id)
    department_id, _assigned, category_id, _version = before
    with app.app_context():
        department = db.session.get(Department, department_id).name
    for action, value, message in [
        ("skicka", department_id, f"Anmälan ligger redan hos {department}."),
        ("tilldela", "", "Anmälan har redan den tilldelningen."),
        ("kategori", category_id, "Anmälan har redan den kategorin."),
    ]:
        response = _act(coordinator, app, report_id, action, choice=value, reason="")
        assert response.status_code == 422, action
        assert_refused_at(response.get_data(as_text=True), f"{action}-choice", message)
    assert _state(app, report_id) == before


def test_a_walk_sign_up_refusal_is_said_above_the_form(app, client, staff_client):
    """Signing up for a cancelled walk concerns no one field: the summary says it as text."""
    slot_id = make_slot(app)
    coordinator = staff_client("coordinator")
    cancelled = coordinator.post(f"/admin/promenader/{slot_id}/stall-in", data={"reason": "Åska"})
    assert cancelled.status_code == 303
    response = client.post(f"/promenader/{slot_id}", data=signup_data())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (None, "Den här promenaden är inställd, så du kan inte anmäla dig till den. "
                  "Välj en annan promenad.") in summary_of(html)
    assert 'href="#"' not in html
    assert count(app, WalkSignup) == 0


def test_a_news_refusal_is_shown_at_the_address(app, editor, editor_id):  # noqa: F811
    make_news(app, editor_id)
    response = post_form(editor, "/admin/nyheter/ny", {
        "title": "Sommarens trygghetsvandringar", "slug": "", "summary": "En annan text.",
        "body": "Text.", "image_alt": "", "tags": "", "publish_at": "", "action": "publish"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert_refused_at(html, "slug", "En annan nyhet har redan adressen "
                                    "sommarens-trygghetsvandringar. Välj en annan, till exempel "
                                    "sommarens-trygghetsvandringar-2.")
    assert 'value="sommarens-trygghetsvandringar-2"' in html  # the suggestion is offered
    assert count(app, NewsItem) == 1


def test_a_news_button_that_asks_for_what_is_already_so_is_said_in_a_flash(app, editor, editor_id):  # noqa: F811
    item_id = make_news(app, editor_id, state="draft")
    response = editor.post(f"/admin/nyheter/{item_id}/avpublicera", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<p class="flash flash--info">Nyheten är redan ett utkast.</p>' in html


def test_a_settings_refusal_is_shown_at_the_name(app, staff_client, categories):
    coordinator = staff_client("coordinator")
    with app.app_context():
        taken = db.session.scalars(db.select(Category.name).order_by(Category.id)).first()
    before = count(app, Category)
    response = coordinator.post("/admin/kategorier/ny", data={
        "name": taken.upper(), "description": "Något annat.", "notice": "",
        "service_level_hours": "72", "department_id": "", "position": "20", "is_active": "y"})
    assert response.status_code == 422
    assert_refused_at(response.get_data(as_text=True), "name",
                      f"Det finns redan en kategori som heter {taken.upper()}. "
                      "Välj ett annat namn.")
    assert count(app, Category) == before


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _form_fields():
    """The field names of the forms each feature package defines, by package."""
    fields = {}
    for form in _subclasses(Form):
        if form.__module__.startswith("portal."):
            package = form.__module__.split(".")[1]
            names = {name for name in dir(form) if isinstance(getattr(form, name), UnboundField)}
            fields.setdefault(package, set()).update(names)
    return fields


def _raised_fields(path):
    """(line, field) for each RuleError(message, "field") with a literal field name."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RuleError":
            field = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "field"), None)
            if isinstance(field, ast.Constant) and isinstance(field.value, str):
                yield node.lineno, field.value


# Packages whose services serve forms defined elsewhere.
FORMS_OF = {"editorial": ["news", "events"]}


def test_every_field_a_rule_names_is_a_field_of_its_features_forms(app):
    """A field name that has drifted from the form makes the summary link lead nowhere."""
    forms = _form_fields()  # the app has imported every feature
    wrong = []
    for path in sorted(PORTAL.rglob("*.py")):
        package = path.relative_to(PORTAL).parts[0]
        fields = set().union(*(forms.get(name, set()) for name in FORMS_OF.get(package, [package])))
        wrong += [f"{path.relative_to(PORTAL)}:{line} {field}"
                  for line, field in _raised_fields(path) if field not in fields]
    assert wrong == []
