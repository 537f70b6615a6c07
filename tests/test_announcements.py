"""What a screen reader user hears (issue 11, section 3): the result of a staff action is a
status message, an error an alert, a refused form says "Fel:" once in the title, every post
form names its action, and a later page of a list has its own title."""
import re
from pathlib import Path

from tests.content import make_news

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def region(html, role):
    """The opening tag and text of the first element with this role, or None."""
    found = re.search(rf'(<div[^>]*role="{role}"[^>]*>)(.*?)</div>', html, re.S)
    return (found.group(1), re.sub(r"<[^>]+>", "", found.group(2))) if found else None


def test_every_post_form_names_its_action():
    """A form without action posts to the address with its #fragment, and the browser then
    scrolls there instead of letting the error summary take the focus."""
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(), re.S):
            if 'method="post"' in tag and "action=" not in tag:
                missing.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert missing == []


def test_a_staff_action_is_announced_as_a_status(app, staff_client):
    coordinator = staff_client("coordinator")
    response = coordinator.post("/admin/forvaltningar/ny", data={"name": "Räddningstjänsten", "email": ""},
                                follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Räddningstjänsten" in region(html, "status")[1]
    assert region(html, "alert") is None
    assert not title_of(html).startswith("Fel:")


def test_a_stale_case_form_is_an_alert_with_fel_in_the_title(app, staff_client, make_report):
    from portal.extensions import db
    from portal.reports.models import Report

    report_id, _token = make_report()
    coordinator = staff_client("coordinator")
    with app.app_context():
        stale = db.session.get(Report, report_id).version
    coordinator.post(f"/admin/rapporter/{report_id}/status", data={
        "status-version": stale, "status-status": "confirmed", "status-note": ""})
    response = coordinator.post(f"/admin/rapporter/{report_id}/status", data={
        "status-version": stale, "status-status": "fixed", "status-note": ""})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert title_of(html).startswith("Fel: Anmälan TR-")
    tag, text = region(html, "alert")
    assert "Någon annan ändrade anmälan" in text
    assert "data-focus-on-load" in tag and 'tabindex="-1"' in tag


def test_a_later_page_of_a_list_has_its_own_title(app, client, make_user):
    app.config["NEWS_PER_PAGE"] = 2
    editor = make_user("editor", email="redaktor@bjuv.example", name="Rut Redaktör")
    for number in range(5):
        make_news(app, editor, title=f"Nyhet {number}", slug=f"nyhet-{number}")
    first = title_of(client.get("/nyheter").get_data(as_text=True))
    second = title_of(client.get("/nyheter?page=2").get_data(as_text=True))
    assert "sida" not in first
    assert second.startswith("Nyheter – sida 2 av 3 – ")
