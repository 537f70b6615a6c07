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
