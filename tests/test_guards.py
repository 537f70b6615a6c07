"""Guard shifts: entered in the web form or imported from the guard company's CSV (with a
report of the rejected rows, hostile files refused), exported safely, and shown beside the
walker-hours in the lägesbild's adult presence."""
import io
from datetime import date

from portal.extensions import db
from portal.guards.models import GuardShift
from tests.test_lagesbild import BJUV, Tables
from tests.test_lagesbild_presence import walk
from tests.walk_helpers import stockholm

HEADER = "datum;område;företag;planerade timmar;levererade timmar;skadegörelse;ordningsstörning;polis;övrigt;anteckning"
GOOD = [
    "2025-10-03;Bjuv;Nordvakt AB;8;6,5;1;0;0;0;Samtal vid skateparken",
    "2025-10-04;billesholm;Nordvakt AB;8;8;0;1;1;0;",
]


def upload(client, text, encoding="utf-8", name="pass.csv"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post("/admin/vaktare/importera", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def shifts(app):
    with app.app_context():
        return {(s.day, s.area): (s.planned_minutes, s.delivered_minutes, s.incidents, s.note)
                for s in db.session.scalars(db.select(GuardShift))}


def test_a_shift_entered_in_the_web_form(app, coordinator):
    form = {"day": "2025-10-03", "area": "bjuv", "company": "Nordvakt AB", "planned_hours": "8",
            "delivered_hours": "7,5", "vandalism": "2", "disturbance": "", "police": "1", "other": "",
            "note": "Lugnt."}
    assert coordinator.post("/admin/vaktare/nytt", data=form).status_code == 303
    assert shifts(app) == {(date(2025, 10, 3), "bjuv"): (480, 450, 3, "Lugnt.")}
    page = coordinator.get("/admin/vaktare/").get_data(as_text=True)
    assert "Nordvakt AB" in page and "7,5" in page
    bad = coordinator.post("/admin/vaktare/nytt", data={**form, "delivered_hours": "mycket", "area": "mars",
                                                         "vandalism": "-1"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Skriv timmar från 0 till 24, till exempel 3,5." in html
    assert "Välj ett område i listan." in html
    assert 'value="mycket"' in html


def test_a_csv_file_is_imported_with_a_report_of_rejected_rows(app, coordinator):
    rows = GOOD + [
        "2025-10-05;Mars;Nordvakt AB;8;8;0;0;0;0;",
        "5 oktober;Bjuv;Nordvakt AB;åtta;8;många;0;0;0;",
        "2025-10-03;Bjuv;Nordvakt AB;8;8;0;0;0;0;dubblett",
    ]
    response = upload(coordinator, "\n".join([HEADER, *rows]))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 nya och 0 ersatta väktarpass importerades." in html
    table = Tables(html).tables["rejected-caption"]
    reasons = {row[0]: row[1] for row in table[1:]}
    assert set(reasons) == {"4", "5", "6"}
    assert "Området Mars är inte ett av portalens områden." in reasons["4"]
    assert "Datumet ska skrivas som 2026-06-12." in reasons["5"]
    assert "Planerade timmar ska vara timmar från 0 till 24" in reasons["5"]
    assert "Skadegörelse ska vara ett heltal från 0 till 999." in reasons["5"]
    assert "Samma dag, område och företag finns på en tidigare rad." in reasons["6"]
    assert shifts(app)[(date(2025, 10, 3), "bjuv")] == (480, 390, 1, "Samtal vid skateparken")
    # A corrected file sent again replaces, never doubles.
    response = upload(coordinator, "\n".join([HEADER, GOOD[0].replace(";6,5;", ";8;")]))
    assert response.status_code == 303
    assert len(shifts(app)) == 2
    assert shifts(app)[(date(2025, 10, 3), "bjuv")][1] == 480


def test_excel_csv_in_windows_1252_with_commas(app, coordinator):
    text = "Datum,Område,Företag,Planerat,Levererat,Anteckning\n2025-10-03,Mörarp,Väktarbolaget Öst,4,4,Bra\n"
    assert upload(coordinator, text, encoding="cp1252").status_code == 303
    assert shifts(app) == {(date(2025, 10, 3), "morarp"): (240, 240, 0, "Bra")}


def test_hostile_files_are_refused_whole(app, coordinator):
    app.config["GUARD_CSV_MAX_BYTES"] = 4096  # the same rule as at 1 MB, without a large upload
    cases = [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Filen är inte en CSV-textfil."),
        (b"datum;omrade\n\x81\x8d\x8f", "Filens tecken gick inte att läsa."),
        (("datum;område\n" + "x" * 5000).encode(), "Filen är större än 4 kB."),
        (b"namn;telefon\nA;1\n", "Första raden ska namnge kolumnerna"),
        (b"", "Filen är tom."),
    ]
    for raw, message in cases:
        response = upload(coordinator, raw)
        assert response.status_code == 422, message
        assert message in response.get_data(as_text=True), message
    assert shifts(app) == {}


def test_the_export_guards_against_formulas(app, coordinator):
    upload(coordinator, "\n".join([HEADER, "2025-10-03;Bjuv;=HYPERLINK(\"http://x\");8;8;0;0;0;0;@SUM(A1)"]))
    body = coordinator.get("/admin/vaktare/pass.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "'@SUM(A1)" in body


def test_guard_shifts_stand_beside_walker_hours(app, coordinator):
    walk(app, stockholm(2025, 10, 3, 19), stockholm(2025, 10, 3, 22), BJUV, walkers=2)  # 6 walker-hours
    upload(coordinator, "\n".join([HEADER, *GOOD]))
    page = coordinator.get("/admin/lagesbild", query_string={"date_from": "2025-10-01",
                                                               "date_to": "2025-10-31"}).get_data(as_text=True)
    rows = Tables(page).tables["vaktare-caption"]
    assert rows[1] == ["Vecka 40 2025*", "Bjuv", "8,0", "6,5", "81 %", "1", "6,0"]
    assert rows[2] == ["Vecka 40 2025*", "Billesholm", "8,0", "8,0", "100 %", "2", "0,0"]
    assert rows[-1][0] == "Totalt" and rows[-1][2:4] == ["16,0", "14,5"]
    csv_text = coordinator.get("/admin/lagesbild/vaktare.csv", query_string={
        "date_from": "2025-10-01", "date_to": "2025-10-31"}).get_data().decode("utf-8-sig")
    assert "Vecka 40 2025*;Bjuv;8,0;6,5;81;1;6,0" in csv_text


def test_only_the_coordinator_keeps_guard_shifts(staff_client):
    handler = staff_client("handler", ["skola"])
    for url in ("/admin/vaktare/", "/admin/vaktare/nytt", "/admin/vaktare/importera", "/admin/vaktare/pass.csv"):
        assert handler.get(url).status_code == 403
