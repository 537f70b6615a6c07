"""`flask gallra`: personal data of long-closed reports goes, the reports stay, one log entry."""
import re
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.mail.models import OutboxAttachment, OutboxMessage
from portal.periods import add_months
from portal.reports.models import Report, ReportContact, ReportPhoto, ReportStatus
from portal.reports.photos import check_photo
from portal.reports.services import Contact
from portal.timeutil import utcnow
from tests.images import jpeg_with_gps

DECISION = "KS 2026/123 § 45"
ADA = Contact("Ada Andersson", "ada@example.se", "070-123 45 67", True)
LONG_AGO = timedelta(days=800)  # more than 24 months


def photo():
    return check_photo(BytesIO(jpeg_with_gps()), 10 * 1024 * 1024, 1600)


def close(app, report_id, ago, status=ReportStatus.FIXED):
    with app.app_context():
        report = db.session.get(Report, report_id)
        report.status = status
        report.closed_at = utcnow() - ago
        db.session.commit()


def reopen(app, report_id):
    """Reopen through the desk's service, which clears closed_at."""
    from portal.desk.services import change_status

    with app.app_context():
        change_status(db.session.get(Report, report_id), ReportStatus.IN_PROGRESS, "")
        db.session.commit()


def add_mail(app, ago, *, sent=False, failed=False, attachment=False):
    with app.app_context():
        created = utcnow() - ago
        message = OutboxMessage(to_addr="ada@example.se", subject="Tack", body_text="Hej Ada",
                                created_at=created, next_attempt_at=created,
                                sent_at=created if sent else None,
                                failed_at=created if failed else None)
        if attachment:
            message.attachments.append(OutboxAttachment(filename="a.txt",
                                                        content_type="text/plain", data=b"x"))
        db.session.add(message)
        db.session.commit()
        return message.id


def gallra(app, *args, decision=DECISION):
    app.config["RETENTION_DECISION"] = decision
    result = app.test_cli_runner().invoke(args=["gallra", *args])
    assert result.exit_code == 0, result.output
    return result.output


def counts_in(output):
    """The numbers in the summary line, leaving out the date and the setting's name."""
    line = output.strip().splitlines()[-1]
    return [int(n) for n in re.findall(r"\b\d+\b", re.sub(r"\d{4}-\d{2}-\d{2}", "", line))]


def files(app, report_id):
    """(original paths, public paths) of a report's photos."""
    upload = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        photos = db.session.get(Report, report_id).photos
        return ([upload / "original" / p.original_file for p in photos if p.original_file],
                [upload / "public" / p.public_file for p in photos])


def gallring_entries(app):
    with app.app_context():
        return db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "gallring")
        ).all()


@pytest.fixture
def old_case(app, make_report):
    """A report with contact details and two photos, fixed more than 24 months ago."""
    report_id, _token = make_report(contact=ADA, photos=[photo(), photo()],
                                    description="Trasig lampa vid skolan.")
    close(app, report_id, LONG_AGO)
    return report_id


def test_removes_contact_original_photos_and_old_mail_but_keeps_the_report(app, old_case,
                                                                           make_report):
    originals, publics = files(app, old_case)
    assert len(originals) == 2 and all(path.exists() for path in originals)
    recent, _t = make_report(contact=ADA)
    close(app, recent, timedelta(days=30))
    reopened, _t = make_report(contact=ADA)
    close(app, reopened, LONG_AGO)
    reopen(app, reopened)
    still_open, _t = make_report(contact=ADA)
    old_sent = add_mail(app, LONG_AGO, sent=True, attachment=True)
    old_failed = add_mail(app, LONG_AGO, failed=True)
    old_pending = add_mail(app, LONG_AGO)
    new_sent = add_mail(app, timedelta(days=10), sent=True)

    output = gallra(app)
    assert counts_in(output) == [1, 1, 2, 2]  # reports, contacts, photos, mails

    assert not any(path.exists() for path in originals)
    assert all(path.exists() for path in publics)
    with app.app_context():
        report = db.session.get(Report, old_case)
        assert report.description == "[Gallrat enligt gallringsbeslut KS 2026/123 § 45 den " \
            f"{utcnow().date().isoformat()}]"  # never published: a marker in its place
        assert report.category.slug == "klotter" and report.place == "Storgatan 1"
        assert report.status is ReportStatus.FIXED and report.closed_at and report.created_at
        assert report.contact is None and report.personal_data_removed_at is not None
        assert [p.original_file for p in report.photos] == [None, None]
        assert all(p.public_file for p in report.photos)
        for kept in (recent, reopened, still_open):
            assert db.session.get(ReportContact, kept) is not None
        remaining = set(db.session.scalars(db.select(OutboxMessage.id)))
        assert old_sent not in remaining and old_failed not in remaining
        assert {old_pending, new_sent} <= remaining
        assert db.session.scalar(db.select(db.func.count(OutboxAttachment.id))) == 0
    [entry] = gallring_entries(app)
    assert entry.actor_id is None and entry.actor_name
    assert entry.reason == DECISION
    assert entry.details["decision"] == DECISION and entry.details["retention_months"] == 24
    assert (entry.details["reports_cleared"], entry.details["contacts_removed"],
            entry.details["photos_removed"], entry.details["mails_removed"]) == (1, 1, 2, 2)
    logged = f"{entry.summary} {entry.details}"
    assert "Ada" not in logged and "ada@example.se" not in logged


def test_a_second_run_removes_nothing(app, old_case):
    gallra(app)
    gallra(app)
    first, second = sorted(gallring_entries(app), key=lambda entry: entry.id)
    assert first.details["reports_cleared"] == 1
    assert (second.details["reports_cleared"], second.details["contacts_removed"],
            second.details["photos_removed"], second.details["mails_removed"]) == (0, 0, 0, 0)


def test_a_file_already_gone_does_not_stop_the_run(app, old_case):
    originals, _publics = files(app, old_case)
    originals[0].unlink()
    gallra(app)
    assert not originals[1].exists()
    with app.app_context():
        photos = db.session.scalars(db.select(ReportPhoto).where(ReportPhoto.report_id == old_case))
        assert [p.original_file for p in photos] == [None, None]
    assert gallring_entries(app)[0].details["photos_removed"] == 2


@pytest.mark.parametrize("decision", [None, "", "   "])
def test_without_a_decision_nothing_is_removed(app, old_case, decision):
    add_mail(app, LONG_AGO, sent=True)
    output = gallra(app, decision=decision)
    assert "RETENTION_DECISION" in output
    originals, _publics = files(app, old_case)
    assert len(originals) == 2 and all(path.exists() for path in originals)
    with app.app_context():
        assert db.session.get(ReportContact, old_case) is not None
        assert db.session.get(Report, old_case).personal_data_removed_at is None
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) >= 1
    assert gallring_entries(app) == []


@pytest.mark.parametrize("decision", [DECISION, None])
def test_dry_run_counts_and_changes_nothing(app, old_case, decision):
    add_mail(app, LONG_AGO, sent=True)
    output = gallra(app, "--dry-run", decision=decision)
    assert counts_in(output) == [1, 1, 2, 1]
    originals, _publics = files(app, old_case)
    assert all(path.exists() for path in originals)
    with app.app_context():
        assert db.session.get(ReportContact, old_case) is not None
        assert db.session.get(Report, old_case).personal_data_removed_at is None
    assert gallring_entries(app) == []


def test_a_bad_retention_period_is_refused(app, old_case):
    app.config["RETENTION_MONTHS"] = 0
    app.config["RETENTION_DECISION"] = DECISION
    result = app.test_cli_runner().invoke(args=["gallra"])
    assert result.exit_code != 0 and "RETENTION_MONTHS" in result.output
    with app.app_context():
        assert db.session.get(ReportContact, old_case) is not None


def test_months_are_calendar_months():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 5, 15), -24) == date(2024, 5, 15)
    assert add_months(datetime(2024, 2, 29, 12), -24) == datetime(2022, 2, 28, 12)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)


# --- The resident's own text and the walkers (issue 13) ----------------------------------


def test_the_residents_description_gives_way_to_the_published_text(app, make_report):
    report_id, _t = make_report(description="Ring mig på 0701234567, det är grannen Kalle.",
                                contact=ADA, publish=True, text="Klotter på väggen vid Storgatan.")
    close(app, report_id, LONG_AGO)
    gallra(app)
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.description == "Klotter på väggen vid Storgatan."
        assert report.public_text == "Klotter på väggen vid Storgatan."
        assert report.description_removed_at is not None
    entry = gallring_entries(app)[0]
    assert entry.details["descriptions_replaced"] == 1


def test_a_report_cleared_by_an_earlier_run_loses_its_description_too(app, old_case):
    with app.app_context():
        report = db.session.get(Report, old_case)
        report.personal_data_removed_at = utcnow() - timedelta(days=40)  # the old gallra
        report.contact = None
        db.session.commit()
    gallra(app)
    with app.app_context():
        assert db.session.get(Report, old_case).description.startswith("[Gallrat enligt")
    entry = gallring_entries(app)[0]
    assert (entry.details["reports_cleared"], entry.details["descriptions_replaced"]) == (0, 1)
    gallra(app)
    assert gallring_entries(app)[1].details["descriptions_replaced"] == 0


@pytest.fixture
def old_walk(app, client):
    """A walk seven months ago: two walkers (one came), one on the waiting list, a report."""
    from portal.walks.models import SignupStatus, WalkReport, WalkSignup
    from tests.walk_helpers import make_slot, move_slot, sign_up, token_of

    slot_id = make_slot(app, capacity=2)
    tokens = [token_of(sign_up(client, slot_id, name=name, email=email, phone="070-111 22 33"))
              for name, email in (("Vera Vandrare", "vera@example.se"), ("Olle Ögon", "olle@example.se"),
                                  ("Wilma Väntare", "wilma@example.se"))]
    move_slot(app, slot_id, -timedelta(days=215))
    with app.app_context():
        vera = db.session.scalar(db.select(WalkSignup).where(WalkSignup.email == "vera@example.se"))
        vera.attended = True
        db.session.add(WalkReport(slot_id=slot_id, signup_id=vera.id, areas_walked="Centrum",
                                  youths_met=12, observations="Kalle Svensson klottrade.",
                                  incidents=None, free_text="Ring Vera på 0701234567."))
        db.session.commit()
        statuses = [s.status for s in db.session.scalars(db.select(WalkSignup).order_by(WalkSignup.id))]
        assert statuses == [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITING]
    return slot_id, tokens


def test_walkers_details_go_a_configured_time_after_the_walk_and_the_counts_stay(app, client, old_walk):
    from portal.walks.models import SignupStatus, WalkReport, WalkSignup
    from tests.walk_helpers import make_slot, sign_up

    slot_id, tokens = old_walk
    recent = make_slot(app, days=2)
    sign_up(client, recent, name="Nina Ny", email="nina@example.se")
    app.config["WALK_RETENTION_MONTHS"] = 6
    output = gallra(app)
    assert "3 anmälningar och 1 promenadrapporter" in output
    with app.app_context():
        cleared = db.session.scalars(db.select(WalkSignup).where(WalkSignup.slot_id == slot_id)
                                     .order_by(WalkSignup.id)).all()
        assert [(s.name, s.email, s.phone) for s in cleared] == [("[Gallrat]", "", None)] * 3
        assert [s.status for s in cleared] == [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED,
                                               SignupStatus.WAITING]
        assert cleared[0].attended is True and all(s.personal_data_removed_at for s in cleared)
        kept = db.session.scalar(db.select(WalkSignup).where(WalkSignup.slot_id == recent))
        assert (kept.name, kept.email) == ("Nina Ny", "nina@example.se")
        walk_report = db.session.scalar(db.select(WalkReport))
        assert walk_report.observations.startswith("[Gallrat enligt") and walk_report.free_text is None
        assert (walk_report.youths_met, walk_report.areas_walked) == (12, "Centrum")
        everything = " ".join(f"{s.name} {s.email} {s.phone}" for s in cleared)
        for secret in ("Vera", "Olle", "Wilma", "070-111", "Kalle", "0701234567"):
            assert secret not in everything + str(walk_report.observations)
    for token in tokens:  # the private links in their old mail open nothing any more
        assert client.get(f"/promenader/anmalan/{token}").status_code == 404
    entry = gallring_entries(app)[0]
    assert entry.reason == DECISION and entry.details["walk_retention_months"] == 6
    assert (entry.details["signups_cleared"], entry.details["walk_reports_cleared"]) == (3, 1)
    assert "Vera" not in f"{entry.summary} {entry.details}"
    gallra(app)
    assert gallring_entries(app)[1].details["signups_cleared"] == 0


def test_the_lagesbild_counts_the_same_walkers_after_gallring(app, client, old_walk, staff_client):
    from tests.test_lagesbild import by_name, download

    coordinator = staff_client("coordinator")
    today = utcnow().date()
    period = {"date_from": str(today - timedelta(days=300)), "date_to": str(today)}
    before = by_name(download(coordinator, "promenader-omraden", **period))
    gallra(app)
    after = by_name(download(coordinator, "promenader-omraden", **period))
    assert after == before
    assert any(row[1] == "2" and row[3] == "1" for row in before.values())  # 2 walkers, 1 report


def test_walks_are_kept_without_a_decision_and_in_a_dry_run(app, old_walk):
    from portal.walks.models import WalkSignup

    output = gallra(app, "--dry-run")
    assert "3 anmälningar och 1 promenadrapporter" in output
    gallra(app, decision=None)
    with app.app_context():
        names = set(db.session.scalars(db.select(WalkSignup.name)))
        assert "Vera Vandrare" in names


def test_a_bad_walk_retention_period_is_refused(app, old_walk):
    app.config["WALK_RETENTION_MONTHS"] = "sex"
    app.config["RETENTION_DECISION"] = DECISION
    result = app.test_cli_runner().invoke(args=["gallra"])
    assert result.exit_code != 0 and "WALK_RETENTION_MONTHS" in result.output


def test_the_privacy_notice_states_each_period(app, client):
    app.config.update(RETENTION_MONTHS=36, WALK_RETENTION_MONTHS=4)
    page = client.get("/integritet").get_data(as_text=True)
    assert "din egen beskrivning tar vi bort 36 månader efter" in page
    assert "telefonnummer 4 månader efter promenaden" in page
    assert "E-post som vi har skickat tar vi bort efter 4 månader" in page


def test_the_reporters_later_words_go_with_the_description(app, make_report):
    from portal.followup.models import FixedSurvey, ReportAddition

    report_id, _t = make_report(contact=ADA, publish=True, text="Klotter på väggen.")
    with app.app_context():
        db.session.add(ReportAddition(report_id=report_id, text="Ring Kalle på 0701234567."))
        db.session.add(FixedSurvey(report_id=report_id, stayed_fixed=False, comment="Grannen Kalle igen."))
        db.session.commit()
    close(app, report_id, LONG_AGO)
    gallra(app)
    with app.app_context():
        addition = db.session.scalar(db.select(ReportAddition).where(ReportAddition.report_id == report_id))
        assert "Kalle" not in addition.text and DECISION in addition.text
        assert db.session.get(FixedSurvey, report_id).comment is None
