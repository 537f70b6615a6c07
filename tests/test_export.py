"""CSV export at /admin/export: for Excel in Sweden, limited to the user's reports, logged."""
import csv
import io
import re
from datetime import datetime

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.reports.models import Report
from portal.reports.services import Contact
from tests.conftest import STAFF_PASSWORD

ADA = Contact("Ada Andersson", "ada@example.se", "070-123 45 67", True)
BO = Contact("Bo Berg", "bo@example.se", None, False)
PERSONAL = ["Ada Andersson", "ada@example.se", "070-123 45 67", "Bo Berg", "bo@example.se"]


def received_at(app, report_id, when, **changes):
    """Give a report a known receipt time (naive UTC) and any other column values."""
    with app.app_context():
        report = db.session.get(Report, report_id)
        report.created_at = when
        for name, value in changes.items():
            setattr(report, name, value)
        db.session.commit()
        return report.reference


def export(client, **fields):
    data = {"date_from": "2026-06-01", "date_to": "2026-08-31", "reason": ""}
    data.update(fields)
    return client.post("/admin/export", data=data)


def parse(response):
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def export_entries(app):
    with app.app_context():
        return db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "export")
        ).all()


@pytest.fixture
def reports(app, make_report):
    """Two reports inside the summer of 2026 with contact details, one outside it."""
    klotter, _t = make_report(contact=ADA, description="Klotter på skolans vägg.")
    samling, _t = make_report(category="samling", contact=BO, place="Torget",
                              description="Ungdomar samlas på kvällen.")
    outside, _t = make_report(description="Gammal anmälan.")
    return {
        # 22.30 UTC on 31 May is 00.30 on 1 June in Stockholm: inside the period.
        "klotter": received_at(app, klotter, datetime(2026, 5, 31, 22, 30), is_published=True,
                               published_at=datetime(2026, 6, 1, 8)),
        "samling": received_at(app, samling, datetime(2026, 8, 31, 21, 59)),
        # 22.00 UTC on 31 August is midnight on 1 September in Stockholm: outside.
        "outside": received_at(app, outside, datetime(2026, 8, 31, 22, 0)),
    }


def test_export_without_contact_details_for_excel_in_sweden(app, reports, staff_client):
    client = staff_client("coordinator")
    assert client.get("/admin/export").status_code == 200
    response = export(client)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="anmalningar-2026-06-01-2026-08-31.csv"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    header, *rows = parse(response)
    assert len(header) == 13
    assert [row[0] for row in rows] == [reports["klotter"], reports["samling"]]
    klotter = rows[0]
    assert klotter[1] == "2026-06-01 00:30"  # Stockholm time
    assert klotter[2] == "Klotter" and klotter[3] == "Samhällsbyggnad"
    assert klotter[5] == "Storgatan 1" and klotter[6] == "56,084000"
    assert klotter[8] != klotter[9]  # published, not hidden
    assert klotter[12] == "Klotter på skolans vägg."
    text = response.get_data(as_text=True)
    for value in PERSONAL:
        assert value not in text
    [entry] = export_entries(app)
    assert entry.details["rows"] == 2 and entry.details["contact_details"] is False


def test_export_with_contact_details_logs_counts_and_reason_not_the_data(app, reports,
                                                                          staff_client):
    client = staff_client("coordinator", name="Cora Samordnare")
    response = export(client, include_contact="y", reason="Uppföljning med polisen")
    assert response.status_code == 200
    header, *rows = parse(response)
    assert len(header) == 16
    assert rows[0][13:] == ["Ada Andersson", "ada@example.se", "070-123 45 67"]
    assert rows[1][13:] == ["Bo Berg", "bo@example.se", ""]
    [entry] = export_entries(app)
    assert entry.actor_name == "Cora Samordnare"
    assert entry.reason == "Uppföljning med polisen"
    assert entry.details == {
        "period_from": "2026-06-01", "period_to": "2026-08-31", "rows": 2,
        "contact_details": True, "rows_with_contact_details": 2,
    }
    logged = f"{entry.summary} {entry.reason} {entry.details}"
    for value in PERSONAL:
        assert value not in logged


def test_a_handler_gets_only_their_departments_reports(app, reports, staff_client):
    client = staff_client("handler", departments=["socialtjanst"])
    response = export(client, include_contact="y", reason="Samverkan")
    assert response.status_code == 200
    _header, *rows = parse(response)
    assert [row[0] for row in rows] == [reports["samling"]]
    assert "Ada Andersson" not in response.get_data(as_text=True)
    assert export_entries(app)[0].details["rows"] == 1


def test_cells_that_look_like_formulas_are_made_text(app, make_report, staff_client):
    report_id, _t = make_report(description='=HYPERLINK("http://evil.example","Klicka")',
                                place="+46 70 123", contact=Contact("@SUM(A1)", None, "-1", False))
    received_at(app, report_id, datetime(2026, 7, 1, 10), public_title="\tTabb",
                public_text="x")
    response = export(staff_client("coordinator"), include_contact="y", reason="Test")
    _header, row = parse(response)
    assert row[12] == "'=HYPERLINK(\"http://evil.example\",\"Klicka\")"
    assert row[5] == "'+46 70 123"
    assert row[11] == "'\tTabb"
    assert row[13] == "'@SUM(A1)" and row[15] == "'-1"


@pytest.mark.parametrize("fields, field", [
    ({"date_to": "2026-05-31"}, "date_to"),  # before the first day
    ({"date_from": "2021-06-01", "date_to": "2026-06-01"}, "date_to"),  # over five years
    ({"date_from": "2026-02-31"}, "date_from"),
    ({"date_to": "31/08/2026"}, "date_to"),
    ({"date_from": ""}, "date_from"),
    ({"include_contact": "y", "reason": "   "}, "reason"),
])
def test_bad_input_is_refused_at_the_field_and_nothing_is_exported(app, reports, staff_client,
                                                                    fields, field):
    response = export(staff_client("coordinator"), **fields)
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("text/html")
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert "Ada Andersson" not in html
    assert export_entries(app) == []


def test_five_years_to_the_day_is_allowed(app, reports, staff_client):
    response = export(staff_client("coordinator"), date_from="2021-09-01", date_to="2026-08-31")
    assert response.status_code == 200


def test_only_staff_who_handle_reports_may_export(client, staff_client):
    for response in (client.get("/admin/export"), export(client)):
        assert response.status_code == 302
        assert "/admin/logga-in" in response.headers["Location"]
    editor = staff_client("editor")
    assert editor.get("/admin/export").status_code == 403
    assert export(editor).status_code == 403


def test_the_export_form_is_protected_against_cross_site_posts(app, make_app, make_user):
    make_user("coordinator", email="cora@bjuv.example")
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    same_site = {"Referer": "https://localhost/admin/"}  # the test client speaks https

    def token(path):
        html = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[1]

    response = client.post("/admin/logga-in", headers=same_site, data={
        "email": "cora@bjuv.example", "password": STAFF_PASSWORD,
        "csrf_token": token("/admin/logga-in"),
    })
    assert response.status_code == 303
    data = {"date_from": "2026-06-01", "date_to": "2026-08-31"}
    assert client.post("/admin/export", headers=same_site, data=data).status_code == 400
    response = client.post("/admin/export", headers=same_site,
                           data={**data, "csrf_token": token("/admin/export")})
    assert response.status_code == 200
    assert len(export_entries(app)) == 1
