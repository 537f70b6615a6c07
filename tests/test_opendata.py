"""Open data (issue 19): the page, the files without free text, exact positions, times of
day or sensitive categories, small counts suppressed as on the public lägesbild, the ZIP,
and the DCAT-AP-SE catalogue read with rdflib."""
import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from portal.extensions import db
from portal.reports.models import Category, Report
from portal.timeutil import utcnow

VCARD = "http://www.w3.org/2006/vcard/ns#"


def rows(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_page_explains_the_data_and_the_licence(app, client, make_app):
    page = client.get("/oppna-data").get_data(as_text=True)
    assert "Öppna data" in page and "CC0 1.0 Universell" in page
    assert "Otrygghetsskapande samling av personer" in page  # the sensitive category, named
    for link in ("/oppna-data/anmalningar.csv", "/oppna-data/anmalningar.geojson", "/oppna-data/antal-per-manad.csv",
                 "/oppna-data/oppna-data.zip", "/oppna-data/dcat.rdf", "/open311/v2/discovery.json"):
        assert f'href="{link}"' in page
    other = make_app(OPEN_DATA_LICENSE_NAME="CC BY 4.0", OPEN_DATA_LICENSE_ID="CC-BY-4.0",
                     OPEN_DATA_LICENSE_URL="https://creativecommons.org/licenses/by/4.0/", PAGE_CACHE_SECONDS=0)
    client = other.test_client()
    assert "CC BY 4.0" in client.get("/oppna-data").get_data(as_text=True)
    with client.get("/oppna-data/oppna-data.zip") as response, \
            zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.read("LICENSE.txt").decode().startswith("CC BY 4.0 (CC-BY-4.0)")


def test_reports_without_free_text_times_of_day_or_exact_positions(app, client, make_report):
    shown, _ = make_report(publish=True, place="Storgatan 14", position=(56.084567, 12.919432),
                           title="Klotter FRITEXT-TITEL", text="FRITEXT-PUBLIK")
    make_report(category="samling", publish=True, title="Samling", text="Ungdomar")  # sensitive
    make_report(description="Opublicerad")
    hidden, _ = make_report(publish=True)
    with app.app_context():
        db.session.get(Report, hidden).is_hidden = True
        db.session.commit()

    data = rows(client, "/oppna-data/anmalningar.csv")
    assert [row["id"] for row in data] == [str(shown)]
    row = data[0]
    assert row["kategori"] == "klotter" and row["oppen_stangd"] == "open" and row["omrade"] == "bjuv"
    assert (row["lat"], row["lon"]) == ("56.085", "12.919")
    assert len(row["mottagen_datum"]) == 10 and "T" not in row["mottagen_datum"]
    text = client.get("/oppna-data/anmalningar.csv").get_data(as_text=True)
    for free_text in ("FRITEXT", "Storgatan", "Klotter på väggen", ":"):
        assert free_text not in text

    geo = json.loads(client.get("/oppna-data/anmalningar.geojson").get_data(as_text=True))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 1
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [12.919, 56.085]}
    assert "samling" not in json.dumps(geo)


def test_a_category_marked_sensitive_in_the_settings_leaves_the_open_data(app, client, coordinator, make_report):
    make_report(category="nedskrapning", publish=True)
    assert [r["kategori"] for r in rows(client, "/oppna-data/anmalningar.csv")] == ["nedskrapning"]
    with app.app_context():
        category = db.session.scalar(db.select(Category).where(Category.slug == "nedskrapning"))
        form = {"name": category.name, "description": category.description, "notice": "",
                "service_level_hours": "72", "department_id": str(category.department_id), "position": "4",
                "is_active": "y", "is_sensitive": "y"}
        category_id = category.id
    assert coordinator.post(f"/admin/kategorier/{category_id}", data=form).status_code == 303
    assert rows(client, "/oppna-data/anmalningar.csv") == []
    assert rows(client, "/oppna-data/antal-per-manad.csv") == []


@pytest.fixture
def app_config(app_config):
    """One area, so that a month's counts are three: the area, elsewhere, without a point."""
    return {**app_config, "AREAS": [{"slug": "bjuv", "name": "Bjuv", "bounds": [56.072, 12.895, 56.097, 12.945]}]}


def test_monthly_counts_suppress_small_counts_and_one_more(app, client, make_report):
    for _ in range(4):
        make_report(publish=True, position=(56.084, 12.919))  # Bjuv
    for _ in range(3):
        make_report(publish=True, position=(56.0, 13.05))  # elsewhere in the municipality
    make_report(publish=True, position=None, place="Någonstans")  # without a map point
    for _ in range(5):  # another month, all in Bjuv
        report_id, _ = make_report(publish=True, category="nedskrapning", position=(56.084, 12.919))
        with app.app_context():
            db.session.get(Report, report_id).created_at = utcnow() - timedelta(days=70)
            db.session.commit()

    data = rows(client, "/oppna-data/antal-per-manad.csv")
    klotter = {row["omrade"]: row for row in data if row["kategori"] == "klotter"}
    assert klotter["bjuv"]["antal"] == "4" and klotter["bjuv"]["undertryckt"] == "nej"
    # One without a map point is below 3; the three elsewhere are hidden too, or the total would tell.
    assert klotter["utan-kartpunkt"]["antal"] == "" and klotter["utan-kartpunkt"]["undertryckt"] == "ja"
    assert klotter["ovrigt"]["antal"] == "" and klotter["ovrigt"]["undertryckt"] == "ja"
    litter = {row["omrade"]: row["antal"] for row in data if row["kategori"] == "nedskrapning"}
    assert litter == {"bjuv": "5", "ovrigt": "", "utan-kartpunkt": ""}
    assert {row["manad"] for row in data} == {row["manad"] for row in data if len(row["manad"]) == 7}


def test_the_zip_holds_both_files_a_readme_and_the_licence(client, make_report):
    make_report(publish=True)
    with client.get("/oppna-data/oppna-data.zip") as response:
        assert response.mimetype == "application/zip"
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            names = set(archive.namelist())
            readme = archive.read("README.txt").decode()
            licence = archive.read("LICENSE.txt").decode()
            inside = archive.read("anmalningar.csv").decode()
    assert names == {"README.txt", "LICENSE.txt", "anmalningar.csv", "anmalningar.geojson", "antal-per-manad.csv"}
    assert "mottagen_datum" in readme and "Antal under 3" in readme
    assert "CC0" in licence and "klotter" in inside


def test_the_dcat_catalogue_has_the_mandatory_dcat_ap_se_properties(client):
    response = client.get("/oppna-data/dcat.rdf")
    assert response.mimetype == "application/rdf+xml"
    graph = Graph().parse(data=response.data, format="xml")
    nodes = {node for triple in graph for node in (triple[0], triple[2]) if not isinstance(node, Literal)}
    assert not any(isinstance(node, BNode) for node in nodes)
    assert all(str(node).startswith(("https://", "http://", "mailto:")) for node in nodes)

    def one(subject, predicate):
        values = list(graph.objects(subject, predicate))
        assert values, f"{subject} lacks {predicate}"
        return values[0]

    catalogue = one(None, RDF.type) and next(graph.subjects(RDF.type, DCAT.Catalog))
    publisher = one(catalogue, DCTERMS.publisher)
    assert str(publisher) == "https://www.bjuv.se"
    assert str(one(publisher, FOAF.name)) == "Bjuvs kommun" and one(publisher, DCTERMS.type)
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, FOAF.homepage):
        one(catalogue, prop)
    datasets = list(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == 2
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint, DCAT.distribution):
            one(dataset, prop)
        contact = one(dataset, DCAT.contactPoint)
        one(contact, URIRef(VCARD + "fn"))
        assert str(one(contact, URIRef(VCARD + "hasEmail"))).startswith("mailto:")
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            for prop in (DCAT.accessURL, DCTERMS.license, DCTERMS.format, DCTERMS.title):
                one(distribution, prop)
            url = str(one(distribution, DCAT.accessURL))
            assert url.startswith("https://trygghet.example.se/oppna-data/")
            with client.get(url.removeprefix("https://trygghet.example.se")) as download:
                assert download.status_code == 200
    service = one(catalogue, DCAT.service)
    assert (service, RDF.type, DCAT.DataService) in graph
    assert str(one(service, DCAT.endpointURL)) == "https://trygghet.example.se/open311/v2"
    assert str(one(service, DCAT.endpointDescription)).endswith("/open311/v2/openapi.json")
    for prop in (DCTERMS.title, DCTERMS.publisher, DCAT.contactPoint, DCAT.servesDataset):
        one(service, prop)
