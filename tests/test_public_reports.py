"""What the public sees: only published reports, their public text and metadata-free photos."""
import re
from io import BytesIO

import pytest

from portal.extensions import db
from portal.reports.models import Report, ReportStatus
from portal.reports.services import Contact
from tests.images import has_metadata, jpeg_with_gps

CONTACT = Contact(name="Hemliga Hedvig", email="hedvig.hemlig@example.se",
                  phone="070-999 88 77", wants_replies=True)


def test_unpublished_and_hidden_reports_are_not_public(app, client, make_report):
    draft_id, _ = make_report(description="Opublicerad text")
    public_id, _ = make_report(publish=True, title="Publicerad rubrik")
    hidden_id, _ = make_report(publish=True, title="Dold rubrik")
    with app.app_context():
        db.session.get(Report, hidden_id).is_hidden = True
        db.session.commit()

    listing = client.get("/rapporter").get_data(as_text=True)
    assert "Publicerad rubrik" in listing
    assert "Dold rubrik" not in listing and "Opublicerad text" not in listing
    assert client.get(f"/rapporter/{public_id}").status_code == 200
    assert client.get(f"/rapporter/{draft_id}").status_code == 404
    assert client.get(f"/rapporter/{hidden_id}").status_code == 404


def test_public_page_shows_the_moderated_text_not_the_original(client, make_report):
    report_id, _ = make_report(description="Originalet nämner Kalle Karlsson.", publish=True,
                               title="Klotter vid skolan", text="Klotter på skolans gavel.")
    html = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "Klotter på skolans gavel." in html and "Kalle Karlsson" not in html
    assert "Inkommen" in html and "Klotter" in html


def test_published_text_with_html_is_shown_as_text(client, make_report):
    report_id, _ = make_report(publish=True, title="<script>x()</script>",
                               text='<img src=x onerror="alert(1)">')
    html = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert "<script>x()" not in html and "<img src=x" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_list_filters_by_category_and_status_and_pages(app, client, make_report, categories):
    for n in range(23):
        make_report(publish=True, title=f"Klotterrapport {n:02d}")
    make_report(category="trasig-belysning", publish=True, title="Mörk gångväg")
    with app.app_context():
        lamp = db.session.scalar(db.select(Report).where(Report.public_title == "Mörk gångväg"))
        lamp.status = ReportStatus.FIXED
        lamp.closed_at = lamp.created_at
        db.session.commit()

    first = client.get("/rapporter").get_data(as_text=True)
    assert "24 anmälningar" in first and "Sida 1 av 2" in first
    assert "Mörk gångväg" in first  # newest first
    second = client.get("/rapporter?page=2").get_data(as_text=True)
    assert "Klotterrapport 00" in second and "Mörk gångväg" not in second

    lamps = client.get(f"/rapporter?category={categories['trasig-belysning']}").get_data(as_text=True)
    assert "1 anmälan" in lamps and "Mörk gångväg" in lamps and "Klotterrapport" not in lamps
    fixed = client.get("/rapporter?status=fixed").get_data(as_text=True)
    assert "Mörk gångväg" in fixed and "Klotterrapport" not in fixed
    # Nonsense filters are ignored rather than failing
    assert client.get("/rapporter?status=bogus&category=x&page=-3").status_code == 200


def test_nearby_offers_published_reports_of_the_same_category_within_250_m(client, make_report, categories):
    near_id, _ = make_report(position=(56.08400, 12.91900), publish=True, title="Nära")
    make_report(position=(56.08400, 12.92400), publish=True, title="300 m bort")  # ≈ 310 m east
    make_report(category="nedskrapning", position=(56.08400, 12.91900), publish=True, title="Annan kategori")
    make_report(position=(56.08401, 12.91901), title="Inte publicerad")

    response = client.get(f"/rapporter/nara.json?category={categories['klotter']}&lat=56.0841&lon=12.9191")
    reports = response.get_json()["reports"]
    assert [r["title"] for r in reports] == ["Nära"]
    assert reports[0]["url"] == f"/rapporter/{near_id}" and reports[0]["distance_m"] < 20
    assert set(reports[0]) == {"id", "title", "status", "distance_m", "url", "follow_url", "me_too_url"}
    assert client.get("/rapporter/nara.json?category=x").status_code == 400
    assert client.get(f"/rapporter/nara.json?category={categories['klotter']}&lat=inf&lon=nan").get_json() == {"reports": []}


def test_public_photo_has_no_metadata_and_hidden_photos_are_not_served(app, client, make_report):
    from portal.reports.photos import check_photo

    checked = check_photo(BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)
    report_id, _ = make_report(publish=True, photos=[checked, checked])
    with app.app_context():
        photos = db.session.get(Report, report_id).photos
        shown, hidden = photos[0].id, photos[1].id
        photos[1].is_hidden = True
        db.session.commit()
    html = client.get(f"/rapporter/{report_id}").get_data(as_text=True)
    assert f"/rapporter/{report_id}/foto/{shown}" in html
    assert f"/foto/{hidden}" not in html
    with client.get(f"/rapporter/{report_id}/foto/{shown}") as response:
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert not has_metadata(response.data)
    assert client.get(f"/rapporter/{report_id}/foto/{hidden}").status_code == 404


def test_photo_of_an_unpublished_report_is_not_served(app, client, make_report):
    from portal.reports.photos import check_photo

    checked = check_photo(BytesIO(jpeg_with_gps()), 10 * 2**20, 1600)
    report_id, _ = make_report(photos=[checked])
    with app.app_context():
        photo_id = db.session.get(Report, report_id).photos[0].id
    assert client.get(f"/rapporter/{report_id}/foto/{photo_id}").status_code == 404


def public_get_routes(app):
    """Every GET route a visitor can reach (staff routes live under /admin)."""
    return [
        rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.rule.startswith(("/admin", "/static"))
    ]


def test_no_public_page_shows_a_reporters_contact_details(app, client, make_report, categories):
    report_id, token = make_report(contact=CONTACT, publish=True, title="Publik rubrik")
    values = {"report_id": report_id, "photo_id": 0, "token": token, "filename": "css/portal.css",
              "slug": "finns-inte", "name": "0.jpg", "event_id": 0, "slot_id": 0,
              "fmt": "json", "code": "klotter", "request_id": str(report_id)}  # the Open311 API too
    pages = []
    for rule in public_get_routes(app):
        url = app.url_map.bind("").build(rule.endpoint, {k: values[k] for k in rule.arguments})
        pages.append(url)
    pages += ["/rapporter?page=1", f"/rapporter/nara.json?category={categories['klotter']}&lat=56.084&lon=12.919"]
    assert len(pages) >= 10
    for url in pages:
        with client.get(url) as response:  # a page, a feed, JSON or a ZIP of open data
            body = response.get_data().decode("utf-8", "replace")
        for secret in (CONTACT.name, CONTACT.email, CONTACT.phone, "Hedvig"):
            assert secret not in body, f"{secret!r} leaked on {url}"


@pytest.mark.parametrize("path", ["/", "/rapportera", "/rapporter", "/tillganglighet", "/integritet", "/promenader", "/nyheter"])
def test_every_page_is_swedish_and_links_the_legal_pages(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in html
    assert 'href="/tillganglighet"' in html and 'href="/integritet"' in html
    assert "Bjuvs kommun" in html and "042-458 50 00" in html
    assert re.search(r"<title>[^<]+</title>", html)
