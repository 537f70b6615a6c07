"""The map of /rapporter: every published report matching the filters as GeoJSON, with only
public fields; the page points the clustered map at it and explains the pins in words."""
from portal.extensions import db
from portal.reports.models import Report, ReportStatus
from portal.reports.services import Contact


def test_geojson_has_every_matching_published_report_and_only_public_fields(app, client, make_report, categories):
    for n in range(25):  # more than one page of the list
        make_report(publish=True, title=f"Klotter {n}", description="Hemlig originaltext",
                    contact=Contact("Hemliga Hedvig", "hedvig@example.se", "070-1", True))
    make_report(publish=False, title="Opublicerad")
    make_report(publish=True, title="Utan position", position=None)
    lamp_id, _ = make_report(category="trasig-belysning", publish=True, title="Mörk lampa")
    with app.app_context():
        lamp = db.session.get(Report, lamp_id)
        lamp.status = ReportStatus.FIXED
        db.session.commit()

    response = client.get("/rapporter/karta.geojson")
    assert response.content_type == "application/geo+json"
    data = response.get_json()
    assert data["type"] == "FeatureCollection" and data["truncated"] is False
    titles = {f["properties"]["title"] for f in data["features"]}
    assert len(titles) == 26 and "Opublicerad" not in titles and "Utan position" not in titles
    text = response.get_data(as_text=True)
    assert "Hemlig" not in text and "hedvig" not in text and "070-1" not in text and "follow" not in text
    lamp_feature = next(f for f in data["features"] if f["id"] == lamp_id)
    assert lamp_feature["properties"]["status_group"] == "fixed"
    assert lamp_feature["properties"]["status_label"] == "Åtgärdad"
    assert lamp_feature["geometry"]["coordinates"] == [12.919, 56.084]

    only_fixed = client.get(f"/rapporter/karta.geojson?status=fixed&category={categories['trasig-belysning']}")
    assert [f["id"] for f in only_fixed.get_json()["features"]] == [lamp_id]
    assert client.get("/rapporter/karta.geojson?status=bogus&category=x").status_code == 200

    app.config["MAP_MAX_POINTS"] = 5
    capped = client.get("/rapporter/karta.geojson").get_json()
    assert len(capped["features"]) == 5 and capped["truncated"] is True


def test_the_list_page_points_the_map_at_the_geojson_and_explains_the_pins(client, make_report):
    make_report(publish=True)
    html = client.get("/rapporter?status=fixed").get_data(as_text=True)
    assert 'data-geojson="/rapporter/karta.geojson?status=fixed"' in html
    assert "vendor/markercluster/leaflet.markercluster" in html
    for word in ("Ny", "Pågår", "Åtgärdad", "Avslutad"):
        assert f">{word}</span>" in html
