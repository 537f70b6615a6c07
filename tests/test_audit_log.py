"""The audit log at /admin/logg: read-only, newest first, filtered, paged, coordinators only."""
import re
from datetime import datetime

import pytest

from portal.audit.models import AuditEntry, AuditLogIsAppendOnly
from portal.extensions import db
from portal.reports.models import Report


def add_entry(app, action, summary, *, at, actor_id=None, actor_name="System", report_id=None,
              reason=None):
    """Insert an entry with a chosen time (inserting is all the log allows)."""
    with app.app_context():
        entry = AuditEntry(created_at=at, actor_id=actor_id, actor_name=actor_name,
                           action=action, summary=summary, report_id=report_id, reason=reason)
        db.session.add(entry)
        db.session.commit()
        return entry.id


def rows(html):
    """The table's body rows, as text with tags stripped."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in body.split("</tr>")[:-1]]


def reference_of(app, report_id):
    with app.app_context():
        return db.session.get(Report, report_id).reference


def test_log_lists_entries_newest_first_in_stockholm_time_with_the_report(app, coordinator,
                                                                         make_report):
    report_id, _token = make_report()
    add_entry(app, "published", "Publicerade anmälan", at=datetime(2026, 6, 1, 22, 30),
              actor_name="Cora Samordnare", report_id=report_id, reason="Granskad")
    add_entry(app, "gallring", "Gallrade personuppgifter", at=datetime(2026, 6, 3, 8, 0))
    html = coordinator.get("/admin/logg?action=published").get_data(as_text=True)
    [row] = rows(html)
    # 22.30 UTC on 1 June is half past midnight on 2 June in Stockholm (summer time).
    assert "2026-06-02 kl. 00.30" in row
    assert "Cora Samordnare" in row and "Publicerade anmälan" in row and "Granskad" in row
    reference = reference_of(app, report_id)
    assert reference in row
    if "desk_case.case" in app.view_functions:
        assert f'href="/admin/rapporter/{report_id}"' in html
    else:
        assert f"/admin/rapporter/{report_id}" not in html

    everything = rows(coordinator.get("/admin/logg").get_data(as_text=True))
    times = [r.split(" kl. ")[0] for r in everything if "Gallrade" in r or "Publicerade" in r]
    assert times == ["2026-06-03", "2026-06-02"]  # newest first


def test_filters_by_actor_action_report_and_stockholm_days(app, coordinator, make_user,
                                                          make_report):
    handler_id = make_user("handler", email="h@bjuv.example", name="Hanna Handläggare",
                           departments=["skola"])
    first, _t = make_report()
    second, _t = make_report()
    add_entry(app, "replied", "Svar A", at=datetime(2026, 6, 1, 21, 59),  # 23.59 on 1 June
              actor_id=handler_id, actor_name="Hanna Handläggare", report_id=first)
    add_entry(app, "replied", "Svar B", at=datetime(2026, 6, 1, 22, 0),  # 00.00 on 2 June
              actor_id=handler_id, actor_name="Hanna Handläggare", report_id=second)
    add_entry(app, "gallring", "Gallring C", at=datetime(2026, 6, 2, 3, 0))

    def summaries(query):
        response = coordinator.get("/admin/logg?" + query)
        assert response.status_code == 200
        return sorted(r for r in ("Svar A", "Svar B", "Gallring C")
                      if r in response.get_data(as_text=True))

    assert summaries(f"actor={handler_id}") == ["Svar A", "Svar B"]
    assert summaries("actor=system&action=gallring") == ["Gallring C"]
    assert summaries(f"report={reference_of(app, first)}") == ["Svar A"]
    assert summaries(f"report={second}") == ["Svar B"]
    assert summaries("date_from=2026-06-02&date_to=2026-06-02") == ["Gallring C", "Svar B"]
    assert summaries("date_to=2026-06-01") == ["Svar A"]
    html = coordinator.get("/admin/logg").get_data(as_text=True)
    assert "Hanna Handläggare" in html and 'value="gallring"' in html  # choices offered


@pytest.mark.parametrize("query, field", [
    ("date_from=31/02", "date_from"),
    ("date_from=2026-02-31", "date_from"),
    ("date_to=0001-01-01", "date_to"),
    ("date_from=2026-06-02&date_to=2026-06-01", "date_to"),
    ("report=abc", "report"),
    ("report=TR-1999-00001", "report"),
    ("actor=99999", "actor"),
    ("action=drop_table", "action"),
])
def test_bad_filters_get_a_message_at_the_field_not_a_server_error(coordinator, query, field):
    response = coordinator.get("/admin/logg?" + query)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html
    assert "<tbody>" not in html


def test_log_is_paged(app, coordinator):
    app.config["ADMIN_PER_PAGE"] = 2
    for day in (1, 2, 3):
        add_entry(app, "gallring", f"Körning {day}", at=datetime(2026, 3, day, 12))
    first = coordinator.get("/admin/logg?action=gallring").get_data(as_text=True)
    assert "Körning 3" in first and "Körning 2" in first and "Körning 1" not in first
    assert "action=gallring" in first.split('rel="next"', 1)[1].split(">", 1)[0]
    second = coordinator.get("/admin/logg?action=gallring&page=2").get_data(as_text=True)
    assert "Körning 1" in second and "Körning 3" not in second


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_no_method_changes_the_log(coordinator, method):
    assert getattr(coordinator, method)("/admin/logg").status_code == 405


def test_entries_cannot_be_changed_or_deleted_through_the_orm(app):
    entry_id = add_entry(app, "export", "Export", at=datetime(2026, 6, 1, 12))
    with app.app_context():
        entry = db.session.get(AuditEntry, entry_id)
        entry.summary = "Något annat"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEntry, entry_id))
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        assert db.session.get(AuditEntry, entry_id).summary == "Export"


def test_only_coordinators_see_the_log(client, staff_client):
    response = client.get("/admin/logg")
    assert response.status_code == 302 and "/admin/logga-in" in response.headers["Location"]
    assert staff_client("editor").get("/admin/logg").status_code == 403
    assert staff_client("handler", departments=["skola"]).get("/admin/logg").status_code == 403


def test_the_count_comes_from_the_tally_and_agrees_with_the_entries(app, coordinator, make_user):
    """The page's "N poster" is read from audit_tally, kept with every entry written, for
    every filter it can answer; a day or a case is counted. Both agree with the entries."""
    from portal.audit import tally

    handler_id = make_user("handler", email="h@bjuv.example", name="Hanna Handläggare",
                           departments=["skola"])
    for day in (1, 2, 3):
        add_entry(app, "replied", f"Svar {day}", at=datetime(2026, 6, day, 12),
                  actor_id=handler_id, actor_name="Hanna Handläggare")
    add_entry(app, "gallring", "Gallring", at=datetime(2026, 6, 2, 3, 0))

    def shown(query):
        html = coordinator.get("/admin/logg?" + query).get_data(as_text=True)
        return int(re.search(r'aria-live="polite">(\d+) post', html).group(1))

    with app.app_context():
        stored = {(row.actor_id, row.action): row.n for row in db.session.scalars(db.select(tally.AuditTally))}
        entries = db.session.execute(db.select(db.func.coalesce(AuditEntry.actor_id, 0), AuditEntry.action,
                                               db.func.count()).group_by(AuditEntry.actor_id, AuditEntry.action))
        assert stored == {(actor, action): n for actor, action, n in entries}
        total = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
        by_system = db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(AuditEntry.actor_id.is_(None)))
        assert stored[(handler_id, "replied")] == 3 and stored[(0, "gallring")] == 1
    assert shown("") == total > 4
    assert shown(f"actor={handler_id}") == 3
    assert shown(f"actor={handler_id}&action=replied") == 3
    assert shown("actor=system") == by_system >= 1
    assert shown("actor=system&action=gallring") == shown("action=gallring") == 1
    assert shown("action=replied&date_from=2026-06-02") == 2  # days are counted, not tallied
    with app.app_context():
        tally.rebuild()
        db.session.commit()
        assert {(row.actor_id, row.action): row.n for row in db.session.scalars(db.select(tally.AuditTally))} \
            == stored
