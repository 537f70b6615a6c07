"""Open311 GeoReport v2 (issue 19) through its routes: every method in JSON and XML with
the spec's field names, the error cases, pre-moderation of POSTed reports, keys, status
updates from a department's system, and the OpenAPI description checked against real
responses."""
import xml.etree.ElementTree as ET
from datetime import timedelta

import jsonschema
import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.open311.models import ApiKey, hash_key
from portal.reports.models import Report
from portal.reports.services import Contact
from portal.timeutil import utcnow

API = "/open311/v2"
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}


def act(client, app, report_id, action, **fields):
    with app.app_context():
        version = db.session.get(Report, report_id).version
    data = {f"{action}-version": version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/admin/rapporter/{report_id}/{action}", data=data)


@pytest.fixture
def make_key(app):
    def make(name="Felanmälan", department=None, trusted=False):
        from portal.open311 import services
        from portal.reports.models import Department

        with app.app_context():
            dept = db.session.scalar(db.select(Department).where(Department.slug == department)) if department else None
            _key, secret = services.create_key(name, dept, trusted, None)
            db.session.commit()
            return secret
    return make


def xml(response):
    assert response.content_type == "text/xml; charset=utf-8"
    return ET.fromstring(response.data)


def post_report(client, secret, fmt="json", **fields):
    data = {"api_key": secret, "service_code": "klotter", "description": "Klotter på busskuren.",
            "lat": "56.0840", "long": "12.9190", **fields}
    return client.post(f"{API}/requests.{fmt}", data=data)


# --- discovery and services --------------------------------------------------------------


def test_discovery_and_services_in_both_formats(client):
    found = client.get(f"{API}/discovery.json")
    assert found.content_type == "application/json; charset=utf-8"
    endpoint = found.get_json()["endpoints"][0]
    assert endpoint["url"] == "https://trygghet.example.se/open311/v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert xml(client.get(f"{API}/discovery.xml")).find("endpoints/endpoint/formats/format") is not None

    services = client.get(f"{API}/services.json")
    rows = services.get_json()
    assert isinstance(rows, list) and set(rows[0]) == SERVICE_FIELDS
    klotter = next(r for r in rows if r["service_code"] == "klotter")
    assert klotter["metadata"] is False and klotter["type"] == "batch" and klotter["service_name"] == "Klotter"
    assert all(row["type"] == "batch" for row in rows)
    assert services.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in services.headers
    root = xml(client.get(f"{API}/services.xml"))
    assert root.tag == "services" and root.find("service/metadata").text == "false"
    assert root.find("service/type").text == "batch"

    definition = client.get(f"{API}/services/klotter.json").get_json()
    assert definition == {"service_code": "klotter", "attributes": []}
    assert xml(client.get(f"{API}/services/klotter.xml")).tag == "service_definition"


def test_retired_categories_are_not_services(app, client, coordinator, categories):
    from portal.reports.models import Category
    with app.app_context():
        db.session.get(Category, categories["trafik"]).is_active = False
        db.session.commit()
    codes = [row["service_code"] for row in client.get(f"{API}/services.json").get_json()]
    assert "trafik" not in codes and "klotter" in codes
    assert client.get(f"{API}/services/trafik.json").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors_follow_the_spec(client, fmt):
    missing = client.get(f"{API}/services/finns-inte.{fmt}")
    assert missing.status_code == 404
    wrong_place = client.get(f"{API}/services.{fmt}?jurisdiction_id=stockholm.se")
    assert wrong_place.status_code == 404
    assert client.get(f"{API}/services.{fmt}?jurisdiction_id=bjuv.se").status_code == 200
    no_key = client.post(f"{API}/requests.{fmt}", data={"service_code": "klotter", "description": "x"})
    bad_key = client.post(f"{API}/requests.{fmt}", data={"api_key": "gissning", "service_code": "klotter"})
    for response in (missing, wrong_place, no_key, bad_key):
        if fmt == "json":
            body = response.get_json()
            assert isinstance(body, list) and set(body[0]) == {"code", "description"}
            assert body[0]["code"] == response.status_code
        else:
            root = xml(response)
            assert root.tag == "errors" and root.find("error/code").text == str(response.status_code)
            assert root.find("error/description").text
    assert no_key.status_code == bad_key.status_code == 403


# --- GET requests --------------------------------------------------------------------------


def test_get_requests_only_published_visible_reports_newest_first(app, client, make_report):
    hidden_id, _ = make_report(publish=True, title="Dold", text="Dold text")
    with app.app_context():
        db.session.get(Report, hidden_id).is_hidden = True
        db.session.commit()
    waiting_id, _ = make_report(description="Väntar på granskning")
    older_id, _ = make_report(publish=True, category="nedskrapning", title="Skräp", text="Skräp i parken.")
    newer_id, _ = make_report(publish=True, text="Klotter på skolans vägg.")
    with app.app_context():
        db.session.get(Report, older_id).created_at = utcnow() - timedelta(days=2)
        db.session.commit()

    response = client.get(f"{API}/requests.json")
    rows = response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert [row["service_request_id"] for row in rows] == [str(newer_id), str(older_id)]
    assert set(rows[0]) == REQUEST_FIELDS
    assert rows[0]["description"] == "Klotter på skolans vägg."
    assert rows[0]["status"] == "open" and rows[0]["service_code"] == "klotter"
    assert rows[0]["agency_responsible"] == "Samhällsbyggnad"
    assert rows[0]["requested_datetime"].endswith("+00:00") and rows[0]["lat"] == pytest.approx(56.084)
    assert not {str(hidden_id), str(waiting_id)} & {row["service_request_id"] for row in rows}

    root = xml(client.get(f"{API}/requests.xml"))
    assert root.tag == "service_requests"
    assert [r.find("service_request_id").text for r in root.findall("request")] == [str(newer_id), str(older_id)]
    assert {child.tag for child in root.find("request")} == REQUEST_FIELDS

    one = client.get(f"{API}/requests/{older_id}.json").get_json()
    assert len(one) == 1 and one[0]["service_code"] == "nedskrapning"
    assert xml(client.get(f"{API}/requests/{older_id}.xml")).find("request/service_code").text == "nedskrapning"
    for bad in (hidden_id, waiting_id, 999999, "abc", 2**40):
        assert client.get(f"{API}/requests/{bad}.json").status_code == 404
        assert client.get(f"{API}/requests/{bad}.xml").status_code == 404


def test_get_requests_filters(app, client, make_report, coordinator):
    klotter_id, _ = make_report(publish=True)
    litter_id, _ = make_report(publish=True, category="nedskrapning")
    old_id, _ = make_report(publish=True)
    with app.app_context():
        db.session.get(Report, old_id).created_at = utcnow() - timedelta(days=200)
        db.session.commit()
    act(coordinator, app, litter_id, "status", status="fixed", note="Städat.")

    def ids(query):
        response = client.get(f"{API}/requests.json{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return [row["service_request_id"] for row in response.get_json()]

    assert ids("") == [str(litter_id), str(klotter_id)]  # the last 90 days by default
    assert ids("?service_code=nedskrapning") == [str(litter_id)]
    assert ids("?status=closed") == [str(litter_id)]
    assert ids("?status=open") == [str(klotter_id)]
    assert ids(f"?service_request_id={old_id},{klotter_id}&service_code=nedskrapning") == [str(klotter_id), str(old_id)]
    start = (utcnow() - timedelta(days=201)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    end = (utcnow() - timedelta(days=199)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"?start_date={start}&end_date={end}") == [str(old_id)]
    assert ids("?page_size=1") == [str(litter_id)]
    assert ids("?page_size=1&page=2") == [str(klotter_id)]
    assert ids("?page=3&page_size=1") == []
    assert ids("?updated_after=2000-01-01T00:00:00%2B01:00") == [str(litter_id), str(klotter_id)]
    assert ids("?updated_before=2000-01-01T00:00:00%2B01:00") == []
    extended = client.get(f"{API}/requests.json?extensions=true&service_code=nedskrapning").get_json()[0]
    assert extended["extended_attributes"]["status_detail"] == "fixed"
    assert extended["status_notes"] == "Städat."
    assert [n["description"] for n in extended["extended_attributes"]["notes"]][-1] == "Städat."
    note_xml = xml(client.get(f"{API}/requests.xml?extensions=true&service_code=nedskrapning"))
    assert note_xml.find("request/extended_attributes/status_detail").text == "fixed"
    assert note_xml.find("request/extended_attributes/notes/note/update_id") is not None

    for bad in ("?start_date=2026-01-01T00:00:00%2B00:00&end_date=2026-06-01T00:00:00%2B00:00",
                "?start_date=2026-01-01", "?start_date=igår", "?end_date=2026-01-01T00:00:00%2B00:00"
                "&start_date=2026-02-01T00:00:00%2B00:00", "?page_size=1001", "?page=0", "?status=maybe",
                "?service_request_id=x", "?updated_after=nu"):
        response = client.get(f"{API}/requests.json{bad}")
        assert response.status_code == 400, bad
        assert response.get_json()[0]["code"] == 400
        assert xml(client.get(f"{API}/requests.xml{bad}")).tag == "errors"


# --- POST requests, tokens, moderation ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_posted_report_waits_for_moderation_then_its_token_resolves(app, client, coordinator, make_key, fmt):
    secret = make_key()
    response = post_report(client, secret, fmt, media_url="http://169.254.169.254/latest/meta-data")
    assert response.status_code == 200
    if fmt == "json":
        body = response.get_json()
        assert set(body[0]) == {"token", "service_notice", "account_id"}
        token = body[0]["token"]
        assert "granskar" in body[0]["service_notice"]
    else:
        root = xml(response)
        token = root.find("request/token").text
        assert root.find("request/service_notice").text
        assert root.find("request/service_request_id") is None
    assert client.get(f"{API}/tokens/{token}.json").get_json() == [{"service_request_id": None, "token": token}]
    assert xml(client.get(f"{API}/tokens/{token}.xml")).find("request/service_request_id").text is None
    assert client.get(f"{API}/requests.json").get_json() == []

    with app.app_context():
        report = db.session.scalar(db.select(Report).order_by(Report.id.desc()))
        report_id = report.id
        assert not report.is_published and report.description == "Klotter på busskuren."
        actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(AuditEntry.report_id == report_id))]
        assert "open311_request_received" in actions
    queue = coordinator.get("/admin/rapporter").get_data(as_text=True)
    assert f"/admin/rapporter/{report_id}" in queue  # the same queue as web reports

    assert act(coordinator, app, report_id, "publicera", public_title="Klotter vid busskuren",
               public_text="Klotter på busskuren vid torget.").status_code == 303
    assert client.get(f"{API}/tokens/{token}.json").get_json() == [{"service_request_id": str(report_id),
                                                                   "token": token}]
    assert xml(client.get(f"{API}/tokens/{token}.xml")).find("request/service_request_id").text == str(report_id)
    rows = client.get(f"{API}/requests.json").get_json()
    assert rows[0]["service_request_id"] == str(report_id)
    assert rows[0]["description"] == "Klotter på busskuren vid torget."
    assert rows[0]["media_url"] is None  # the posted address is neither fetched nor passed on
    assert client.get(f"{API}/tokens/okand-token.{fmt}").status_code == 404


def test_a_rejected_report_s_token_is_not_found(app, client, coordinator, make_key):
    secret = make_key()
    token = post_report(client, secret).get_json()[0]["token"]
    with app.app_context():
        report_id = db.session.scalar(db.select(Report.id).order_by(Report.id.desc()))
    assert act(coordinator, app, report_id, "status", status="rejected", note="").status_code == 303
    assert client.get(f"{API}/tokens/{token}.json").status_code == 404
    assert client.get(f"{API}/tokens/{token}.xml").status_code == 404


def test_a_trusted_key_publishes_at_once(client, make_key):
    secret = make_key("Gatukontorets system", department="samhallsbyggnad", trusted=True)
    token = post_report(client, secret, description="Trasig lampa på cykelvägen.",
                        service_code="trasig-belysning").get_json()[0]["token"]
    request_id = client.get(f"{API}/tokens/{token}.json").get_json()[0]["service_request_id"]
    assert request_id is not None
    row = client.get(f"{API}/requests/{request_id}.json").get_json()[0]
    assert row["description"] == "Trasig lampa på cykelvägen." and row["service_name"] == "Trasig belysning"


@pytest.mark.parametrize("fields, status", [
    ({"service_code": "finns-inte"}, 404),
    ({"service_code": ""}, 400),
    ({"description": "  "}, 400),
    ({"lat": "abc"}, 400),
    ({"lat": "59.33", "long": "18.06"}, 400),  # Stockholm, outside the municipality
    ({"lat": "", "long": "", "address_string": ""}, 400),
    ({"description": "x" * 5001}, 400),
    ({"jurisdiction_id": "annan.se"}, 404),
])
def test_bad_posts_are_refused_and_nothing_is_saved(app, client, make_key, fields, status):
    secret = make_key()
    response = post_report(client, secret, **fields)
    assert response.status_code == status
    assert response.get_json()[0]["code"] == status
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Report.id))) == 0
        refused = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "open311_post_refused"))
        assert "jurisdiction_id" in fields or refused.actor_name == "Open311: Felanmälan" and refused.details["status"] == status


def test_keys_are_limited_revoked_and_stored_hashed(app, client, make_key):
    app.config["OPEN311_POST_LIMIT"] = "2 per minute"
    secret = make_key()
    in_url = client.post(f"{API}/requests.json?api_key={secret}", data={"service_code": "klotter", "description": "x",
                                                                         "address_string": "Torget"})
    assert in_url.status_code == 403  # a key in the URL would end up in logs: only the form counts
    assert post_report(client, secret).status_code == 200
    assert post_report(client, secret).status_code == 200
    limited = post_report(client, secret)
    assert limited.status_code == 429 and limited.get_json()[0]["code"] == 429
    assert post_report(client, make_key("Annat system")).status_code == 200  # each key its own limit
    with app.app_context():
        key = db.session.scalar(db.select(ApiKey).where(ApiKey.name == "Felanmälan"))
        assert key.key_hash == hash_key(secret) and secret not in (key.key_hash + key.key_prefix + key.name)
        key.revoked_at = utcnow()
        db.session.commit()
    assert post_report(client, secret).status_code == 403


def test_the_coordinator_creates_a_key_shown_once(app, client, coordinator, staff_client):
    page = coordinator.get("/admin/api-nycklar")
    assert page.status_code == 200 and "API-nycklar" in page.get_data(as_text=True)
    created = coordinator.post("/admin/api-nycklar", data={"name": "Gatukontoret", "department_id": "",
                                                           "is_trusted": ""})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "private, no-store"
    html = created.get_data(as_text=True)
    with app.app_context():
        key = db.session.scalar(db.select(ApiKey))
        assert key.name == "Gatukontoret" and not key.is_trusted
        secret = next(word for word in html.replace("<", " ").replace(">", " ").split()
                      if hash_key(word) == key.key_hash)
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "api_key_created"))
    assert secret not in coordinator.get("/admin/api-nycklar").get_data(as_text=True)
    assert post_report(client, secret).status_code == 200
    refused = coordinator.post("/admin/api-nycklar", data={"name": "  ", "department_id": "999"})
    assert refused.status_code == 422 and "Skriv namnet på systemet" in refused.get_data(as_text=True)
    assert coordinator.post(f"/admin/api-nycklar/{key.id}/aterkalla").status_code == 303
    assert post_report(client, secret).status_code == 403
    assert staff_client("handler", ["skola"]).get("/admin/api-nycklar").status_code == 403
    assert client.get("/admin/api-nycklar").status_code == 302


# --- status updates from a department's system -------------------------------------------


def test_a_department_key_changes_status_with_a_public_note(app, client, make_key, make_report):
    report_id, _ = make_report(publish=True)
    secret = make_key("Gatukontoret", department="samhallsbyggnad")
    other = make_key("Skolans system", department="skola")
    data = {"api_key": secret, "service_request_id": str(report_id), "update_id": "A-1", "status": "closed",
            "description": "Klottret är sanerat."}
    response = client.post(f"{API}/servicerequestupdates.json", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert set(response.get_json()[0]) == {"update_id"}
    repeat = client.post(f"{API}/servicerequestupdates.xml", data=data)
    assert repeat.status_code == 400 and xml(repeat).tag == "errors"
    assert client.post(f"{API}/servicerequestupdates.json", data={**data, "api_key": other,
                                                                  "update_id": "B"}).status_code == 403
    assert client.post(f"{API}/servicerequestupdates.json", data={**data, "api_key": ""}).status_code == 403
    assert client.post(f"{API}/servicerequestupdates.json",
                       data={**data, "update_id": "A-2", "status": "bogus"}).status_code == 400
    assert client.post(f"{API}/servicerequestupdates.json",
                       data={**data, "update_id": "A-3", "service_request_id": "99999"}).status_code == 404

    row = client.get(f"{API}/requests/{report_id}.json").get_json()[0]
    assert row["status"] == "closed" and row["status_notes"] == "Klottret är sanerat."
    updates = client.get(f"{API}/servicerequestupdates.json?service_request_id={report_id}")
    assert updates.headers["Access-Control-Allow-Origin"] == "*"
    assert updates.get_json()[0]["description"] == "Klottret är sanerat."
    assert updates.get_json()[0]["status"] == "closed"
    root = xml(client.get(f"{API}/servicerequestupdates.xml"))
    assert root.tag == "service_request_updates" and root.find("request_update/update_id") is not None
    with app.app_context():
        assert db.session.get(Report, report_id).status.value == "fixed"
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "open311_update_received"))


# --- no personal data, anywhere -----------------------------------------------------------

MARKERS = {"name": "Markör Namnsson", "email": "markor.epost@example.se", "phone": "070-999 88 77",
           "note": "MARKÖR-INTERN-ANTECKNING", "description": "MARKÖR-EGEN-BESKRIVNING",
           "waiting": "MARKÖR-OPUBLICERAD", "first": "Förnamnmarkör", "last": "Efternamnmarkör",
           "apiemail": "apimarkor@example.se", "apiphone": "070-555 44 33", "device": "MARKÖR-ENHET"}


def test_no_personal_field_ever_reaches_the_api_or_open_data(app, client, coordinator, make_report, make_key):
    contact = Contact(MARKERS["name"], MARKERS["email"], MARKERS["phone"], True)
    report_id, _ = make_report(description=MARKERS["description"], contact=contact, publish=True)
    act(coordinator, app, report_id, "anteckning", body=MARKERS["note"])
    make_report(description=MARKERS["waiting"], contact=contact)
    secret = make_key("Extern app", department="samhallsbyggnad", trusted=True)
    post_report(client, secret, description="Trasig bänk.", first_name=MARKERS["first"], last_name=MARKERS["last"],
                email=MARKERS["apiemail"], phone=MARKERS["apiphone"], device_id=MARKERS["device"],
                account_id=MARKERS["device"])
    urls = [f"{API}/requests.{fmt}{q}" for fmt in ("json", "xml") for q in ("", "?extensions=true")]
    urls += [f"{API}/requests/{report_id}.json?extensions=true", f"{API}/requests/{report_id}.xml?extensions=true",
             f"{API}/servicerequestupdates.json", f"{API}/servicerequestupdates.xml", f"{API}/services.json",
             f"{API}/discovery.json", f"{API}/openapi.json", "/oppna-data", "/oppna-data/anmalningar.csv",
             "/oppna-data/anmalningar.geojson", "/oppna-data/antal-per-manad.csv", "/oppna-data/dcat.rdf"]
    import io
    import zipfile
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.get_data(as_text=True))
    with client.get("/oppna-data/oppna-data.zip") as response, zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        seen += [archive.read(name).decode("utf-8") for name in archive.namelist()]
    assert str(report_id) in seen[0]
    for text in seen:
        for marker in MARKERS.values():
            assert marker not in text


# --- the OpenAPI description against real responses -------------------------------------


def test_the_openapi_description_matches_real_responses(app, client, coordinator, make_report, make_key):
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1") and spec["servers"][0]["url"].endswith("/open311/v2")
    schemas = spec["components"]["schemas"]

    def check(path, method, status, body):
        operation = spec["paths"][path][method]
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        jsonschema.validate(body, {**schema, "components": spec["components"]},
                            cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    report_id, _ = make_report(publish=True, photos=())
    act(coordinator, app, report_id, "status", status="in_progress", note="Vi tittar på det.")
    secret = make_key(department="samhallsbyggnad")
    calls = [
        ("/discovery.{format}", "get", f"{API}/discovery.json", None),
        ("/services.{format}", "get", f"{API}/services.json", None),
        ("/services/{service_code}.{format}", "get", f"{API}/services/klotter.json", None),
        ("/services/{service_code}.{format}", "get", f"{API}/services/nej.json", None),
        ("/requests.{format}", "get", f"{API}/requests.json", None),
        ("/requests.{format}", "get", f"{API}/requests.json?extensions=true", None),
        ("/requests.{format}", "get", f"{API}/requests.json?page_size=0", None),
        ("/requests/{service_request_id}.{format}", "get", f"{API}/requests/{report_id}.json?extensions=true", None),
        ("/requests/{service_request_id}.{format}", "get", f"{API}/requests/0.json", None),
        ("/servicerequestupdates.{format}", "get", f"{API}/servicerequestupdates.json", None),
        ("/requests.{format}", "post", f"{API}/requests.json",
         {"api_key": secret, "service_code": "klotter", "description": "Nytt klotter.", "address_string": "Torget"}),
        ("/requests.{format}", "post", f"{API}/requests.json", {"service_code": "klotter"}),
        ("/servicerequestupdates.{format}", "post", f"{API}/servicerequestupdates.json",
         {"api_key": secret, "service_request_id": str(report_id), "update_id": "1", "status": "fixed"}),
    ]
    for path, method, url, data in calls:
        response = client.post(url, data=data) if method == "post" else client.get(url)
        check(path, method, response.status_code, response.get_json())
        if path == "/requests.{format}" and method == "post" and response.status_code == 200:
            token = response.get_json()[0]["token"]
            check("/tokens/{token}.{format}", "get", 200, client.get(f"{API}/tokens/{token}.json").get_json())
    assert set(schemas) >= {"Errors", "ServiceRequest", "Service", "Token"}


def test_hostile_input_is_a_clear_error_never_a_server_error(app, client, make_key, make_report):
    report_id, _ = make_report(publish=True)
    secret = make_key(department="samhallsbyggnad")
    for url in (f"{API}/requests/².json", f"{API}/requests/{'9' * 40}.xml", f"{API}/tokens/{'x' * 5000}.json",
                f"{API}/services/%C2%B2.json", f"{API}/requests.json?service_request_id=%C2%B2",
                f"{API}/requests.json?page=%C2%B2", f"{API}/requests.json?page_size=99999999999999999999",
                f"{API}/servicerequestupdates.json?start_date=%00"):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
    assert client.get(f"{API}/requests.json?service_code=%27--").get_json() == []  # no such service
    posts = [
        ("requests", {"api_key": secret, "service_code": "klotter\x00", "description": "a\x00b", "lat": "56.08",
                      "long": "12.92"}),
        ("requests", {"api_key": secret + "\x00", "service_code": "klotter"}),
        ("requests", {"api_key": secret, "service_code": "klotter", "description": "x", "lat": "nan",
                      "long": "inf"}),
        ("servicerequestupdates", {"api_key": secret, "service_request_id": "²", "update_id": "1", "status": "fixed"}),
        ("servicerequestupdates", {"api_key": secret, "service_request_id": str(report_id), "update_id": "x" * 101,
                                   "status": "fixed"}),
    ]
    for method, data in posts:
        response = client.post(f"{API}/{method}.json", data=data)
        assert response.status_code < 500, (method, data)
    # The NUL is dropped from the text, and the report is saved as if it had not been there.
    with app.app_context():
        assert db.session.scalar(db.select(Report).order_by(Report.id.desc())).description == "ab"


def test_a_sensitive_category_is_left_out_like_in_the_open_data(app, client, make_report):
    """The API serves the open data set (dcat.rdf's servesDataset): the same categories are left out."""
    open_id, _ = make_report(publish=True, text="Klotter på skolans vägg.")
    gathering_id, _ = make_report(publish=True, category="samling", text="Ett gäng vid stationen.")
    ids = {row["service_request_id"] for row in client.get(f"{API}/requests.json").get_json()}
    assert str(open_id) in ids and str(gathering_id) not in ids
    assert client.get(f"{API}/requests/{gathering_id}.json").status_code == 404
    updates = client.get(f"{API}/servicerequestupdates.json").get_json()
    assert str(gathering_id) not in {row["service_request_id"] for row in updates}
