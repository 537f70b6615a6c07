"""The coordinator's desk through its routes: publish, status, replies, routing, duplicates,
stale edits and bad input, with the database and the outbox as the evidence."""
import pytest

from portal.audit.models import AuditEntry
from portal.desk.models import ReportNote
from portal.extensions import db
from portal.mail.models import OutboxMessage
from portal.reports.models import Report, ReportStatus, parse_reference
from portal.reports.services import Contact

REPORTER = Contact("Karin Rapportör", "karin@example.se", "070-111 22 33", True)


def act(client, app, report_id, action, **fields):
    """Post one action form with the report's current version, as the case page does."""
    with app.app_context():
        version = db.session.get(Report, report_id).version
    data = {f"{action}-version": version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(f"/admin/rapporter/{report_id}/{action}", data=data)


def load(app, report_id):
    with app.app_context():
        report = db.session.get(Report, report_id)
        db.session.expunge(report)
        return report


def audit_actions(app, report_id):
    with app.app_context():
        return [e.action for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.report_id == report_id).order_by(AuditEntry.id))]


def outbox(app):
    with app.app_context():
        return [(m.to_addr, m.subject, m.body_text) for m in db.session.scalars(
            db.select(OutboxMessage).order_by(OutboxMessage.id))]


def test_publishing_keeps_the_original_and_shows_the_edited_public_version(app, client, coordinator, make_report):
    report_id, _token = make_report(description="Klotter. Jag heter Karin.", contact=REPORTER)
    assert client.get(f"/rapporter/{report_id}").status_code == 404  # pre-moderation

    response = act(coordinator, app, report_id, "publicera", public_title="Klotter vid skolan",
                   public_text="Klotter på skolans vägg. <script>alert(1)</script><b>Fet</b>")
    assert response.status_code == 303

    report = load(app, report_id)
    assert report.description == "Klotter. Jag heter Karin."
    assert report.public_text == "Klotter på skolans vägg. alert(1)Fet"
    page = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "Klotter vid skolan" in page and "Karin" not in page and "<script>alert" not in page
    assert audit_actions(app, report_id)[-1] == "published"


@pytest.mark.parametrize("text", [
    "Karin Rapportör såg klottret.", "Ring 070-111 22 33", "Mejla karin@example.se", "Ring 0701234567",
])
def test_publishing_text_with_personal_data_is_refused(app, client, coordinator, make_report, text):
    report_id, _token = make_report(contact=REPORTER)
    response = act(coordinator, app, report_id, "publicera", public_title="Klotter", public_text=text)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "publicera-public_text-error" in html and text.split()[0] in html  # kept, next to the field
    assert not load(app, report_id).is_published
    assert "published" not in audit_actions(app, report_id)


def test_status_change_and_reply_reach_the_history_and_the_reporter(app, client, coordinator, make_report):
    report_id, token = make_report(contact=REPORTER, publish=True)
    anonymous_id, _ = make_report(publish=True)

    assert act(coordinator, app, report_id, "status", status="fixed", note="Klottret är borttaget.").status_code == 303
    assert act(coordinator, app, report_id, "svara", message="Tack för att du hörde av dig!").status_code == 303
    assert act(coordinator, app, anonymous_id, "status", status="in_progress", note="").status_code == 303

    report = load(app, report_id)
    assert report.status is ReportStatus.FIXED and report.closed_at and report.responded_at
    for page in (client.get(f"/arende/{token}"), client.get(f"/rapporter/{report_id}")):
        html = page.get_data(as_text=True)
        assert "Klottret är borttaget." in html and "Tack för att du hörde av dig!" in html
    mails = [m for m in outbox(app) if m[0] == "karin@example.se"]
    assert len(mails) == 3  # receipt, status, reply
    assert f"/arende/{token}" in mails[1][2] and "Klottret är borttaget." in mails[1][2]
    assert len(outbox(app)) == 3  # nothing for the anonymous report


def test_internal_notes_are_never_public(app, client, coordinator, make_report):
    report_id, token = make_report(publish=True)
    assert act(coordinator, app, report_id, "anteckning", body="Hemlig intern anteckning").status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(ReportNote.body)) == "Hemlig intern anteckning"
    assert "Hemlig intern" in coordinator.get(f"/admin/rapporter/{report_id}").get_data(as_text=True)
    for url in (f"/rapporter/{report_id}", f"/arende/{token}"):
        assert "Hemlig intern" not in client.get(url).get_data(as_text=True)


def test_routing_mails_the_department_and_its_handlers_and_lets_them_in(app, coordinator, staff_client, make_report, categories):
    report_id, _ = make_report(category="annat", contact=REPORTER)  # "annat" has no department
    handler = staff_client("handler", ["skola"], email="hanna@bjuv.example")
    assert handler.get(f"/admin/rapporter/{report_id}").status_code == 403
    with app.app_context():
        from portal.reports.models import Department

        db.session.scalar(db.select(Department).where(Department.slug == "skola")).email = "skola@bjuv.example"
        skola_id = db.session.scalar(db.select(Department.id).where(Department.slug == "skola"))
        db.session.commit()

    assert act(coordinator, app, report_id, "skicka", choice=skola_id, reason="Gäller skolgården").status_code == 303
    recipients = {m[0] for m in outbox(app)}
    assert {"skola@bjuv.example", "hanna@bjuv.example"} <= recipients
    routed = [m for m in outbox(app) if m[0] == "skola@bjuv.example"][0]
    assert f"/admin/rapporter/{report_id}" in routed[2] and "karin@example.se" not in routed[2]
    assert handler.get(f"/admin/rapporter/{report_id}").status_code == 200
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "routed"))
        assert entry.reason == "Gäller skolgården" and entry.actor_name == "Cora Samordnare"


def test_a_handler_sees_only_their_departments_and_cannot_publish(app, staff_client, make_report):
    mine, _ = make_report(category="samling", description="Samling vid torget")  # socialtjänst
    other, _ = make_report(category="klotter", description="Klotter på muren")  # samhällsbyggnad
    handler = staff_client("handler", ["socialtjanst"])
    queue = handler.get("/admin/rapporter").get_data(as_text=True)
    assert f"/admin/rapporter/{mine}" in queue and f"/admin/rapporter/{other}" not in queue
    assert handler.get(f"/admin/rapporter/{other}").status_code == 403
    assert act(handler, app, other, "status", status="fixed").status_code == 403
    assert act(handler, app, mine, "publicera", public_title="x", public_text="y").status_code == 403
    assert act(handler, app, mine, "status", status="investigating").status_code == 303


def test_assigning_outside_the_department_is_refused(app, coordinator, staff_client, make_user, make_report):
    report_id, _ = make_report(category="klotter")
    outsider = make_user("handler", email="olle@bjuv.example", departments=["skola"])
    insider = make_user("handler", email="ida@bjuv.example", departments=["samhallsbyggnad"])
    assert act(coordinator, app, report_id, "tilldela", choice=outsider).status_code == 422
    assert act(coordinator, app, report_id, "tilldela", choice=insider).status_code == 303
    assert load(app, report_id).assigned_to_id == insider
    assert any(m[0] == "ida@bjuv.example" for m in outbox(app))


def test_a_duplicate_follows_the_original(app, client, coordinator, make_report):
    original_id, _ = make_report(publish=True)
    other_reporter = Contact(None, "per@example.se", None, True)
    duplicate_id, duplicate_token = make_report(contact=other_reporter)
    reference = load(app, original_id).reference

    assert act(coordinator, app, duplicate_id, "dubblett", original=reference).status_code == 303
    duplicate = load(app, duplicate_id)
    assert duplicate.status is ReportStatus.DUPLICATE and duplicate.duplicate_of_id == original_id

    assert act(coordinator, app, original_id, "status", status="fixed", note="Åtgärdat nu.").status_code == 303
    follow = client.get(f"/arende/{duplicate_token}").get_data(as_text=True)
    assert reference in follow and "Åtgärdat nu." in follow
    per = [m for m in outbox(app) if m[0] == "per@example.se"]
    assert any("Åtgärdat nu." in body and f"/arende/{duplicate_token}" in body for _to, _s, body in per)


@pytest.mark.parametrize("original", ["abc", "999999", "self"])
def test_bad_duplicate_references_are_refused(app, coordinator, make_report, original):
    report_id, _ = make_report()
    if original == "self":
        original = str(report_id)
    response = act(coordinator, app, report_id, "dubblett", original=original)
    assert response.status_code == 422
    assert "dubblett-original-error" in response.get_data(as_text=True)
    assert load(app, report_id).status is ReportStatus.RECEIVED


def test_a_stale_form_is_refused_and_says_so(app, coordinator, staff_client, make_report):
    report_id, _ = make_report()
    other = staff_client("coordinator", email="bo@bjuv.example", name="Bo Samordnare")
    stale_version = load(app, report_id).version
    assert act(other, app, report_id, "status", status="investigating", note="Bo tittar på det.").status_code == 303

    response = coordinator.post(f"/admin/rapporter/{report_id}/status", data={
        "status-version": stale_version, "status-status": "fixed", "status-note": "Mitt eget"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Mitt eget" in html  # what was typed is kept
    assert load(app, report_id).status is ReportStatus.INVESTIGATING
    assert audit_actions(app, report_id).count("status_changed") == 1


def test_changing_category_and_place_keeps_what_was_received(app, coordinator, make_report, categories):
    report_id, _ = make_report(category="annat", place="Torget")
    assert act(coordinator, app, report_id, "kategori", choice=categories["klotter"]).status_code == 303
    assert act(coordinator, app, report_id, "plats", place="Stortorget 2", lat="56.085", lon="12.92").status_code == 303
    report = load(app, report_id)
    assert report.category_id == categories["klotter"] and report.original_category_id == categories["annat"]
    assert report.department_id is not None  # followed the new category to its department
    assert (report.place, report.lat) == ("Stortorget 2", 56.085)
    assert (report.original_place, report.original_lat) == ("Torget", 56.084)
    assert audit_actions(app, report_id)[-3:] == ["category_changed", "routed", "place_changed"]


def test_hiding_takes_a_report_off_the_public_pages(app, client, coordinator, make_report):
    report_id, token = make_report(publish=True)
    assert act(coordinator, app, report_id, "dolj", reason="").status_code == 422  # a reason is required
    assert act(coordinator, app, report_id, "dolj", reason="Pekar ut en person").status_code == 303
    assert client.get(f"/rapporter/{report_id}").status_code == 404
    assert client.get(f"/arende/{token}").status_code == 200  # the reporter still follows it
    assert f"/rapporter/{report_id}" not in client.get("/rapporter").get_data(as_text=True)
    assert act(coordinator, app, report_id, "visa", reason="").status_code == 303
    assert client.get(f"/rapporter/{report_id}").status_code == 200


@pytest.mark.parametrize("action, fields, field_id", [
    ("status", {"status": "bogus"}, "status-status"),
    ("status", {"status": "received", "note": ""}, "status-status"),
    ("status", {"status": "fixed", "note": "x" * 2001}, "status-note"),
    ("svara", {"message": "   "}, "svara-message"),
    ("publicera", {"public_title": "", "public_text": "Text"}, "publicera-public_title"),
    ("publicera", {"public_title": "T" * 201, "public_text": "Text"}, "publicera-public_title"),
    ("skicka", {"choice": "99999"}, "skicka-choice"),
    ("kategori", {"choice": "not-a-number"}, "kategori-choice"),
    ("plats", {"place": "", "lat": "abc", "lon": "12.9"}, "plats-lat"),
    ("plats", {"place": "", "lat": "59.33", "lon": "18.06"}, "plats-lat"),  # Stockholm: outside
    ("tilldela", {"choice": "<script>"}, "tilldela-choice"),
])
def test_bad_input_on_the_case_page(app, coordinator, make_report, action, fields, field_id):
    report_id, _ = make_report()
    before = load(app, report_id)
    response = act(coordinator, app, report_id, action, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field_id}-error"' in html and 'class="error-summary"' in html
    assert "<title>Fel:" in html
    after = load(app, report_id)
    assert (after.version, after.status) == (before.version, before.status)
    assert audit_actions(app, report_id) == []


def test_unknown_actions_and_reports_are_404(coordinator):
    assert coordinator.post("/admin/rapporter/1/radera").status_code == 404
    assert coordinator.get("/admin/rapporter/999999").status_code == 404


def test_staff_see_original_photos_and_hidden_photos_leave_the_public_page(app, client, coordinator, make_report):
    import io

    from portal.reports.photos import check_photo
    from tests.images import has_metadata, jpeg_with_gps

    photo = check_photo(io.BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)
    report_id, _ = make_report(photos=[photo], publish=True)
    with app.app_context():
        photo_id = db.session.get(Report, report_id).photos[0].id
    with coordinator.get(f"/admin/rapporter/{report_id}/foto/{photo_id}/original") as original:
        assert original.status_code == 200 and has_metadata(original.data)
        assert original.headers["Cache-Control"] == "private, no-store"
    assert client.get(f"/admin/rapporter/{report_id}/foto/{photo_id}/original").status_code == 302
    with client.get(f"/rapporter/{report_id}/foto/{photo_id}") as public:
        assert public.status_code == 200 and not has_metadata(public.data)

    version = load(app, report_id).version
    response = coordinator.post(f"/admin/rapporter/{report_id}/foto/{photo_id}/dolj",
                                data={"foto-version": version, "foto-reason": "Ett ansikte syns"})
    assert response.status_code == 303
    assert client.get(f"/rapporter/{report_id}/foto/{photo_id}").status_code == 404
    with coordinator.get(f"/admin/rapporter/{report_id}/foto/{photo_id}/publik") as staff_copy:
        assert staff_copy.status_code == 200


def test_the_overview_and_queue_show_what_needs_attention(app, coordinator, make_report):
    from datetime import timedelta

    from portal.timeutil import utcnow

    late_id, _ = make_report(category="klotter", description="Gammalt klotter")
    unrouted_id, _ = make_report(category="annat", description="Något annat")
    with app.app_context():
        db.session.get(Report, late_id).created_at = utcnow() - timedelta(hours=49)  # level 48 h
        db.session.commit()
    html = coordinator.get("/admin/").get_data(as_text=True)
    overdue = html.split('id="overdue"')[1].split("</section>")[0]
    unrouted = html.split('id="unrouted"')[1].split("</section>")[0]
    assert f"/admin/rapporter/{late_id}" in overdue and f"/admin/rapporter/{unrouted_id}" not in overdue
    assert f"/admin/rapporter/{unrouted_id}" in unrouted

    queue = coordinator.get("/admin/rapporter?attention=overdue").get_data(as_text=True)
    assert f"/admin/rapporter/{late_id}" in queue and f"/admin/rapporter/{unrouted_id}" not in queue
    found = coordinator.get("/admin/rapporter?q=gammalt").get_data(as_text=True)
    assert f"/admin/rapporter/{late_id}" in found and f"/admin/rapporter/{unrouted_id}" not in found
    reference = load(app, unrouted_id).reference
    assert f"/admin/rapporter/{unrouted_id}" in coordinator.get(f"/admin/rapporter?q={reference}").get_data(as_text=True)


@pytest.mark.parametrize("query, field_id", [
    ("received_from=31/02/2026", "received_from"),
    ("received_from=2026-06-02&received_to=2026-06-01", "received_to"),
    ("status=bogus", "status"),
    ("department=abc", "department"),
])
def test_bad_queue_filters_are_explained_not_a_500(coordinator, make_report, query, field_id):
    make_report()
    response = coordinator.get(f"/admin/rapporter?{query}")
    assert response.status_code == 200
    assert f'id="{field_id}-error"' in response.get_data(as_text=True)


def test_one_parser_reads_a_case_number_as_people_write_it():
    assert parse_reference("TR-2026-00042") == (2026, 42)
    assert parse_reference("tr-2026-42") == (2026, 42)
    assert parse_reference(" 42 ") == (None, 42)
    assert parse_reference("TR 2026 00042") == (2026, 42)  # pasted from a letter
    for not_a_number in ("", "TR-2026-", "TR-26-42", "42a", "ärende 42", None):
        assert parse_reference(not_a_number) is None
