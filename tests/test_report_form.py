"""Sending a report through /rapportera: the happy paths and every kind of bad input."""
from io import BytesIO
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import stream_encode_multipart

from portal.extensions import db
from portal.reports.models import Report, ReportStatus
from tests.images import has_metadata, image_bytes, jpeg_with_gps

FIELD_NAMES = ["category", "description", "place", "lat", "lon", "photo", "name", "email", "phone"]


def valid_form(categories, **overrides):
    data = {
        "category": str(categories["klotter"]),
        "description": "Nytt klotter på busskuren.",
        "place": "Busshållplatsen vid Storgatan",
        "lat": "",
        "lon": "",
        "name": "",
        "email": "",
        "phone": "",
    }
    data.update(overrides)
    return data


def post(client, data):
    """Post the form as a browser does; encoded in memory so no temporary file is left open."""
    fields = MultiDict()
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, tuple):
                item = FileStorage(stream=item[0], filename=item[1])
            fields.add(key, item)
    stream, length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return client.post(
        "/rapportera",
        input_stream=stream,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def count_reports(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Report.id)))


def test_form_offers_categories_with_notices_and_stable_field_names(client):
    html = client.get("/rapportera").get_data(as_text=True)
    for name in FIELD_NAMES:
        assert f'name="{name}"' in html
    assert "Trasig belysning" in html and "Otrygghetsskapande samling av personer" in html
    assert "Kränkande klotter tar vi bort inom 24 timmar" in html  # a category's notice
    assert "112" in html and "114 14" in html
    assert "Skicka anmälan" in html
    assert "allmän handling" in html


def test_report_in_words_only_is_received_unpublished_with_status_inkommen(app, client, categories):
    response = post(client, valid_form(categories, email="ada@example.se", wants_replies="y",
                                       name="Ada Andersson", phone="070-123 45 67"))
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        assert report.status is ReportStatus.RECEIVED
        assert not report.is_published
        assert report.lat is None and report.place == "Busshållplatsen vid Storgatan"
        assert report.contact.email == "ada@example.se" and report.contact.wants_replies
        assert report.department.slug == "samhallsbyggnad"  # routed by its category
        reference, token = report.reference, report.follow_token
    assert reference in receipt and f"/arende/{token}" in receipt
    response = client.get(f"/arende/{token}")
    assert response.headers["Cache-Control"] == "private, no-store"
    follow = response.get_data(as_text=True)
    assert "Inkommen" in follow and "Nytt klotter på busskuren." in follow


def test_reference_and_follow_token(app, make_report):
    report_id, token = make_report()
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.reference == f"TR-{report.created_at.year}-{report_id:05d}"
    assert len(token) >= 43  # 32 random bytes, URL-safe: 256 bits


def test_unknown_follow_token_is_404(client):
    assert client.get("/arende/not-a-real-token").status_code == 404


def test_report_with_map_point_and_photo_keeps_original_and_strips_public_copy(app, client, categories):
    original = jpeg_with_gps()
    data = valid_form(categories, lat="56.08412", lon="12.91875", place="")
    data["photo"] = [(BytesIO(original), "IMG_0001.jpg")]
    assert post(client, data).status_code == 303
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        assert (report.lat, report.lon) == (56.08412, 12.91875)
        photo = report.photos[0]
        uploads = Path(app.config["UPLOAD_FOLDER"])
        assert (uploads / "original" / photo.original_file).read_bytes() == original
        public = (uploads / "public" / photo.public_file).read_bytes()
    assert has_metadata(original) and not has_metadata(public)
    assert (photo.width, photo.height) == (200, 400)  # turned upright by its EXIF orientation


def test_large_photo_is_scaled_to_1600_px(app, client, categories):
    data = valid_form(categories)
    data["photo"] = [(BytesIO(image_bytes("WEBP", size=(3200, 1000))), "stor.webp")]
    assert post(client, data).status_code == 303
    with app.app_context():
        photo = db.session.scalar(db.select(Report)).photos[0]
        assert (photo.width, photo.height) == (1600, 500)
        assert photo.content_type == "image/webp"


TEXT_AS_JPEG = (BytesIO(b"Detta ar ingen bild, bara text.\n" * 20), "bild.jpg")


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"category": ""}, "category", "Välj vad anmälan gäller."),
        ({"category": "99999"}, "category", "Välj en av kategorierna i listan."),
        ({"description": ""}, "description", "Beskriv vad du har sett."),
        ({"description": " \n\t "}, "description", "Beskriv vad du har sett."),
        ({"description": "x" * 100_000}, "description", "högst 5 000 tecken"),
        ({"place": "", "lat": "", "lon": ""}, "place", "Beskriv platsen med ord eller välj den på kartan."),
        ({"lat": "55.60", "lon": "13.00"}, "lat", "utanför Bjuvs kommun"),
        ({"lat": "abc", "lon": "12.9"}, "lat", "kunde inte läsas"),
        ({"lat": "56.08", "lon": ""}, "lat", "kunde inte läsas"),
        ({"email": "inte-en-adress"}, "email", "namn@exempel.se"),
        ({"wants_replies": "y"}, "wants_replies", "e-postadress om du vill få svar"),
        ({"phone": "<script>"}, "phone", "070-123 45 67"),
        ({"website": "http://spam.example"}, "website", "Formuläret kunde inte skickas"),
        ({"photo": [TEXT_AS_JPEG]}, "photo", "är inte ett foto vi kan läsa"),
        ({"photo": [(BytesIO(b"\0" * (30 * 1024 * 1024)), "jattestor.jpg")]}, "photo", "är större än 10 MB"),
        ({"photo": [(BytesIO(image_bytes()), f"{n}.png") for n in range(4)]}, "photo", "högst 3 foton"),
    ],
    ids=["no-category", "unknown-category", "no-description", "blank-description", "100k-description", "no-place",
         "outside-bbox", "bad-lat", "lat-without-lon", "bad-email", "replies-without-email",
         "bad-phone", "honeypot", "text-as-jpg", "30mb-upload", "four-photos"],
)
def test_bad_input_is_explained_at_the_field_and_nothing_is_saved(
    app, client, categories, overrides, field, message
):
    data = valid_form(categories, name="Ada <b>Andersson</b>", **overrides)
    response = post(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'class="error-summary"' in html and "Något behöver rättas" in html
    assert f'id="{field}-error"' in html or (field == "website" and "error-summary" in html)
    assert "<title>Fel:" in html
    # What was typed is kept (escaped), nothing is saved
    assert "Ada &lt;b&gt;Andersson&lt;/b&gt;" in html
    if field != "description":
        assert "Nytt klotter på busskuren." in html
    assert count_reports(app) == 0
    uploads = Path(app.config["UPLOAD_FOLDER"])
    assert not uploads.exists() or not any(uploads.rglob("*.*"))


def test_after_an_error_the_form_says_photos_must_be_chosen_again(client, categories):
    data = valid_form(categories, description="")
    data["photo"] = [(BytesIO(image_bytes()), "ok.png")]
    html = post(client, data).get_data(as_text=True)
    assert "Välj dem igen" in html


def test_html_a_resident_types_is_stored_as_received_and_shown_as_text(app, client, categories):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = post(client, valid_form(categories, description=hostile, place=hostile))
    follow = client.get(response.headers["Location"].replace("/kvitto", "")).get_data(as_text=True)
    assert "<script>alert" not in follow and "<img src=x" not in follow
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in follow
    with app.app_context():
        assert db.session.scalar(db.select(Report)).description == hostile


def test_body_larger_than_the_limit_gets_a_swedish_413_page(app, client, categories):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    data = valid_form(categories)
    data["photo"] = [(BytesIO(b"\0" * (2 * 1024 * 1024)), "stor.jpg")]
    response = post(client, data)
    assert response.status_code == 413
    assert "för stort" in response.get_data(as_text=True)
    assert count_reports(app) == 0


def test_the_photo_limits_on_the_page_and_in_the_messages_are_the_settings(app, client, categories):
    app.config.update(PHOTO_MAX_COUNT=2, PHOTO_MAX_BYTES=5 * 1024 * 1024)
    html = client.get("/rapportera").get_data(as_text=True)
    assert "Högst 2 foton i formatet JPEG, PNG eller WebP. Varje foto får vara högst 5 MB." in html
    assert 'maxlength="300"' in html and 'maxlength="5000"' in html  # place, description
    assert 'data-maxlength="5000"' in html  # the description's counter
    data = valid_form(categories)
    data["photo"] = [(BytesIO(image_bytes()), f"{n}.png") for n in range(3)]
    assert "Du kan bifoga högst 2 foton." in post(client, data).get_data(as_text=True)
    data["photo"] = [(BytesIO(b"\0" * (6 * 1024 * 1024)), "stor.jpg")]
    assert "stor.jpg är större än 5 MB" in post(client, data).get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    data["photo"] = [(BytesIO(b"\0" * (2 * 1024 * 1024)), "stor.jpg")]
    too_large = post(client, data).get_data(as_text=True)
    assert "Du kan skicka högst 2 foton, och varje foto får vara högst 5 MB." in too_large


def test_form_without_csrf_token_is_refused_in_swedish(make_app, categories):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/rapportera", data=valid_form(categories))
    assert response.status_code == 400
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)
    assert count_reports(app) == 0


def test_rate_limit_allows_five_reports_per_ten_minutes(make_app, categories):
    app = make_app(REPORT_RATE_LIMIT="5 per 10 minutes")
    client = app.test_client()
    for _ in range(3):  # a form sent back with errors does not use up the limit
        assert post(client, valid_form(categories, description="")).status_code == 422
    for _ in range(5):
        assert post(client, valid_form(categories)).status_code == 303
    response = post(client, valid_form(categories))
    assert response.status_code == 429
    assert "För många försök" in response.get_data(as_text=True)
    assert count_reports(app) == 5


def test_odd_but_harmless_input_is_cleaned_not_refused(app, client, categories):
    data = valid_form(categories, description="  Klotter\x00 på muren  ", place="\x00Torget ")
    data["photo"] = "inte-en-fil"  # a text value where a file belongs
    assert post(client, data).status_code == 303
    with app.app_context():
        report = db.session.scalar(db.select(Report))
        assert (report.description, report.place, report.photos) == ("Klotter på muren", "Torget", [])


def test_rate_limit_is_shared_between_workers_through_redis(make_app, categories, redis_url):
    """Two app instances stand in for two gunicorn workers sharing one Redis."""
    import secrets

    shared = dict(
        REPORT_RATE_LIMIT="3 per 10 minutes",
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_KEY_PREFIX=f"test-{secrets.token_hex(4)}",
    )
    workers = [make_app(**shared).test_client() for _ in range(2)]
    assert post(workers[0], valid_form(categories)).status_code == 303
    assert post(workers[1], valid_form(categories)).status_code == 303
    assert post(workers[0], valid_form(categories)).status_code == 303
    assert post(workers[1], valid_form(categories)).status_code == 429
