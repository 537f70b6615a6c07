"""After the report: the reporter adds information and photos on the follow page (staff see
it and are told; nothing public), and "is it still fixed?" a while after fixed reopens."""
from datetime import timedelta
from io import BytesIO

from portal.alerts.models import Alert  # noqa: F401  (all models loaded)
from portal.desk import services as desk
from portal.extensions import db
from portal.followup import survey
from portal.followup.models import FixedSurvey, ReportAddition
from portal.mail.models import OutboxMessage
from portal.reports.models import Report, ReportPhoto, ReportStatus
from portal.reports.services import Contact
from portal.timeutil import to_local, utcnow
from tests.images import image_bytes, jpeg_with_gps

ADA = Contact("Ada Anmälare", "ada@example.se", None, True)


def subjects(app):
    with app.app_context():
        return [(m.to_addr, m.subject) for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))]


def test_the_reporter_adds_text_and_photos_that_staff_see_and_the_public_does_not(app, client, make_report, staff_client):
    coordinator = staff_client("coordinator", email="sam@example.se")
    report_id, token = make_report(publish=True, title="Trasig lampa", contact=ADA)
    page = client.get(f"/arende/{token}").get_data(as_text=True)
    assert "Lägg till information" in page

    response = client.post(f"/arende/{token}/komplettera", data={
        "text": "Det är lampan närmast busshållplatsen.",
        "photo": [(BytesIO(jpeg_with_gps()), "lampa.jpg"), (BytesIO(image_bytes()), "karta.png")],
    }, content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Det är lampan närmast busshållplatsen." in page and "Tack! Informationen" in page

    with app.app_context():
        photos = db.session.scalars(db.select(ReportPhoto).where(ReportPhoto.report_id == report_id)).all()
        assert len(photos) == 2 and all(p.is_hidden for p in photos)
    public = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "busshållplatsen" not in public and "/foto/" not in public
    case = coordinator.get(f"/admin/rapporter/{report_id}").get_data(as_text=True)
    assert "Tillagt av anmälaren" in case and "Det är lampan närmast busshållplatsen." in case
    assert "Anmälaren lade till information" in case  # the audit trail
    assert ("sam@example.se", f"Ny information från anmälaren: {report_reference(app, report_id)}") in subjects(app)


def report_reference(app, report_id):
    with app.app_context():
        return db.session.get(Report, report_id).reference


def test_bad_additions_are_refused_at_the_field_and_nothing_is_saved(app, client, make_report):
    report_id, token = make_report(contact=ADA)
    empty = client.post(f"/arende/{token}/komplettera", data={"text": "  "})
    assert empty.status_code == 422 and "Skriv vad du vill lägga till." in empty.get_data(as_text=True)
    not_a_photo = client.post(f"/arende/{token}/komplettera", data={
        "text": "Här är ett foto", "photo": [(BytesIO(b"%PDF-1.4 not an image"), "x.jpg")],
    }, content_type="multipart/form-data")
    html = not_a_photo.get_data(as_text=True)
    assert not_a_photo.status_code == 422 and "x.jpg är inte ett foto" in html and "Här är ett foto" in html
    too_many = client.post(f"/arende/{token}/komplettera", data={
        "text": "Fyra", "photo": [(BytesIO(image_bytes()), f"{n}.png") for n in range(4)],
    }, content_type="multipart/form-data")
    assert too_many.status_code == 422
    assert client.post("/arende/gissning/komplettera", data={"text": "x"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ReportAddition.id))) == 0
        report = db.session.get(Report, report_id)
        report.status = ReportStatus.FIXED
        db.session.commit()
    closed = client.post(f"/arende/{token}/komplettera", data={"text": "Mer"})
    assert closed.status_code == 422 and "Anmälan är avslutad" in closed.get_data(as_text=True)


def fix(app, report_id, days_ago):
    with app.test_request_context():
        report = db.session.get(Report, report_id)
        desk.change_status(report, ReportStatus.FIXED, "Lagat.")
        report.closed_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


def test_is_it_still_fixed_is_asked_once_and_not_fixed_reopens(app, client, make_report, coordinator):
    report_id, token = make_report(publish=True, title="Trasigt staket", contact=ADA)
    quiet_id, _t = make_report(publish=True, contact=Contact(None, "tyst@example.se", None, False))
    too_old_id, _t = make_report(publish=True, contact=ADA)
    fix(app, report_id, 29)
    fix(app, quiet_id, 29)  # did not ask for replies
    fix(app, too_old_id, 400)  # fixed before the window: never asked
    with app.app_context():
        assert survey.send_due() == 1
        assert survey.send_due() == 0
    mail = [s for s in subjects(app) if s[1].startswith("Är det fortfarande åtgärdat?")]
    assert mail == [("ada@example.se", f"Är det fortfarande åtgärdat? Din anmälan {report_reference(app, report_id)}")]

    page = client.get(f"/arende/{token}/atgardat")
    assert page.status_code == 200 and "Är det fortfarande åtgärdat?" in page.get_data(as_text=True)
    bad = client.post(f"/arende/{token}/atgardat", data={"answer": "kanske"})
    assert bad.status_code == 422 and "Svara ja eller nej." in bad.get_data(as_text=True)
    done = client.post(f"/arende/{token}/atgardat", data={"answer": "not_fixed", "comment": "Staketet är trasigt igen."})
    assert done.status_code == 303
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.status is ReportStatus.CONFIRMED and report.closed_at is None
    public = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "säger att det inte är åtgärdat" in public and "Staketet är trasigt igen." not in public
    queue = coordinator.get("/admin/rapporter").get_data(as_text=True)
    row = queue[queue.index(f'href="/admin/rapporter/{report_id}"'):]
    assert "Återöppnad" in row[:800]
    case = coordinator.get(f"/admin/rapporter/{report_id}").get_data(as_text=True)
    assert "Staketet är trasigt igen." in case and "Ändrade status från Åtgärdad till Bekräftad" in case
    # Answered once: a second answer changes nothing.
    again = client.post(f"/arende/{token}/atgardat", data={"answer": "fixed"})
    assert again.status_code == 200 and "redan ditt svar" in again.get_data(as_text=True)
    assert client.get(f"/arende/{_t}/atgardat").status_code == 404  # never asked


def test_stayed_fixed_share_per_category_in_the_lagesbild(app, make_report, coordinator):
    ids = [make_report(publish=True, contact=ADA)[0] for _n in range(3)]
    now = utcnow()
    with app.app_context():
        for n, report_id in enumerate(ids):
            db.session.add(FixedSurvey(report_id=report_id, sent_at=now, answered_at=now, stayed_fixed=n < 2))
        db.session.commit()
    today = to_local(now).date().isoformat()
    period = f"?date_from={today[:4]}-01-01&date_to={today}"
    html = coordinator.get(f"/admin/lagesbild{period}").get_data(as_text=True)
    assert "Förblev åtgärdade, per kategori" in html
    csv = coordinator.get(f"/admin/lagesbild/forblev-atgardade.csv{period}").get_data(as_text=True)
    assert "Klotter;3;2;67" in csv
