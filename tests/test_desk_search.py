"""The queue's text search: whole words in any order through full-text search (PostgreSQL
tsvector, SQLite FTS5), a partial word or a number through the substring match."""
from portal.extensions import db
from portal.reports.models import Report


def test_words_in_any_order_and_partial_words_are_found(app, staff_client, make_report):
    coordinator = staff_client("coordinator")
    wall, _ = make_report(category="klotter", description="Klotter på muren vid skolan")
    bench, _ = make_report(category="annat", description="Trasig bänk i parken")

    def found(q):
        html = coordinator.get("/admin/rapporter", query_string={"q": q}).get_data(as_text=True)
        return {i for i in (wall, bench) if f"/admin/rapporter/{i}\"" in html}

    assert found("skolan klotter") == {wall}  # both words, not side by side
    assert found("bänk") == {bench}
    assert found("klott") == {wall}  # part of a word: the substring match
    assert found("arke") == {bench}
    assert found("skolan bänk") == set()

    with app.app_context():  # a changed text is found by its new words (the index follows)
        db.session.get(Report, bench).description = "Nedskräpat vid kiosken"
        db.session.commit()
    assert found("kiosken") == {bench}
    assert found("trasig") == set()


def test_queue_totals_on_full_last_and_empty_pages(app, coordinator, make_report):
    """A page that is not full is the last: its total is known without counting; a full
    page, and one beyond the end, still count."""
    app.config["ADMIN_PER_PAGE"] = 2
    ids = [make_report(description=f"Klotter nummer {n}.")[0] for n in range(5)]

    def total(query):
        html = coordinator.get(f"/admin/rapporter{query}").get_data(as_text=True)
        return html.split('<p role="status">', 1)[1].split("<", 1)[0]

    assert total("") == "5 anmälningar"
    assert total("?page=2") == "5 anmälningar"
    assert total("?page=3") == "5 anmälningar"  # one report: the last page
    assert total("?page=4") == "5 anmälningar"  # beyond the end: counted
    with app.app_context():
        from portal.extensions import db
        from portal.reports.models import Report
        reference = db.session.get(Report, ids[2]).reference
    assert total(f"?q={reference}") == "1 anmälan"


def test_a_case_number_finds_its_report_only_in_its_year(app, coordinator, make_report):
    """A whole case number is the report's id and year of receipt (Stockholm time), looked
    up in the queue's own query; a wrong year, or a year no report can have, finds none."""
    report_id = make_report(description="Trasig lampa vid skolan.")[0]
    make_report(description="Klotter på muren.")
    with app.app_context():
        from portal.extensions import db
        from portal.reports.models import Report
        reference = db.session.get(Report, report_id).reference
    year = int(reference.split("-")[1])

    def found(query):
        response = coordinator.get("/admin/rapporter", query_string={"q": query})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        return html.split('<p role="status">', 1)[1].split("<", 1)[0], f"/admin/rapporter/{report_id}" in html

    assert found(reference) == ("1 anmälan", True)
    assert found(reference.lower().replace("-", " ")) == ("1 anmälan", True)
    assert found(str(report_id))[1]  # the number alone, any year (and the text's matches)
    assert found(f"TR-{year - 1}-{report_id:05d}") == ("0 anmälningar", False)
    for impossible in (f"TR-0000-{report_id}", f"TR-0001-{report_id}", f"TR 0001 {report_id}",
                       f"TR-０００１-{report_id}", f"TR-9999-{report_id}", "TR-2026-999999999"):
        assert found(impossible) == ("0 anmälningar", False)
