"""The DCAT-AP-SE catalogue of the open data and the API, as RDF/XML for dataportal.se.

Every node has an absolute IRI (no blank nodes: harvesters merge catalogues by IRI):
the catalogue, datasets, distributions and the API's DataService are fragments of
/oppna-data/dcat.rdf; the publisher is OPEN_DATA_PUBLISHER_URI.
"""
from flask import current_app
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from portal.timeutil import to_local
from portal.urls import absolute_url

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
DATASETS = (
    ("anmalningar", "Publicerade trygghetsanmälningar",
     "Anmälningar om skadegörelse, klotter, belysning, nedskräpning och otrygga platser som kommunen har "
     "publicerat: kategori, status, datum och område. Utan fritext, foton, klockslag och exakta positioner "
     "(avrundade till ungefär 100 meter); känsliga kategorier ingår inte.",
     [("opendata.reports_csv", "CSV", "text/csv", "Anmälningar (CSV)"),
      ("opendata.reports_geojson", "GEOJSON", "application/geo+json", "Anmälningar (GeoJSON)")]),
    ("antal-per-manad", "Antal trygghetsanmälningar per månad, kategori och område",
     "Antal publicerade anmälningar per månad, kategori och område. Små antal redovisas inte, och inte heller "
     "ett antal till när bara ett skulle döljas, så att ingen enskild anmälan kan pekas ut.",
     [("opendata.counts_csv", "CSV", "text/csv", "Antal per månad (CSV)")]),
)


def _sv(text):
    return Literal(text, lang="sv")


def catalogue(modified=None):
    """The graph of the catalogue; `modified` is when a report was last published."""
    config = current_app.config
    here = absolute_url("opendata.dcat_rdf")
    page = absolute_url("opendata.index")
    publisher = URIRef(config["OPEN_DATA_PUBLISHER_URI"])
    contact = URIRef(f"{here}#kontakt")
    licence = URIRef(config["OPEN_DATA_LICENSE_URL"])
    public = URIRef(EU + "access-right/PUBLIC")
    swedish = URIRef(EU + "language/SWE")
    name = config["OPEN_DATA_PUBLISHER_NAME"] or config["MUNICIPALITY_NAME"]
    g = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        g.bind(prefix, namespace)

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, _sv(name)))
    g.add((publisher, DCTERMS.type, URIRef(config["OPEN_DATA_PUBLISHER_TYPE"])))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, _sv(name)))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{config['MUNICIPALITY_EMAIL']}")))

    cat = URIRef(f"{here}#katalog")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, _sv(f"Öppna data från {config['SERVICE_NAME']}, {name}")))
    g.add((cat, DCTERMS.description, _sv("Publicerade trygghetsanmälningar och antal per månad, och ett "
                                          "Open311-API för andra system.")))
    g.add((cat, DCTERMS.publisher, publisher))
    g.add((cat, FOAF.homepage, URIRef(page)))
    g.add((cat, DCTERMS.language, swedish))
    g.add((cat, DCTERMS.license, licence))

    zip_url = URIRef(absolute_url("opendata.bundle"))
    dataset_nodes = []
    for slug, title, description, files in DATASETS:
        ds = URIRef(f"{here}#{slug}")
        dataset_nodes.append(ds)
        g.add((cat, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, DCTERMS.title, _sv(title)))
        g.add((ds, DCTERMS.description, _sv(description)))
        g.add((ds, DCTERMS.publisher, publisher))
        g.add((ds, DCAT.contactPoint, contact))
        g.add((ds, DCAT.landingPage, URIRef(page)))
        g.add((ds, DCTERMS.accessRights, public))
        g.add((ds, DCTERMS.language, swedish))
        g.add((ds, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/DAILY")))
        g.add((ds, DCAT.theme, URIRef(EU + "data-theme/JUST")))
        g.add((ds, DCAT.theme, URIRef(EU + "data-theme/GOVE")))
        for word in ("trygghet", "anmälningar", "skadegörelse", "klotter"):
            g.add((ds, DCAT.keyword, _sv(word)))
        for endpoint, file_type, media_type, label in [*files, ("opendata.bundle", "ZIP", "application/zip",
                                                               "Alla filer med README och licens (ZIP)")]:
            dist = URIRef(f"{here}#{slug}-{file_type.lower()}")
            url = zip_url if endpoint == "opendata.bundle" else URIRef(absolute_url(endpoint))
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCTERMS.title, _sv(label)))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCTERMS.format, URIRef(EU + "file-type/" + file_type)))
            g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
            g.add((dist, DCTERMS.license, licence))

    api = URIRef(f"{here}#open311")
    g.add((cat, DCAT.service, api))
    g.add((api, RDF.type, DCAT.DataService))
    g.add((api, DCTERMS.title, _sv("Open311 GeoReport v2")))
    g.add((api, DCTERMS.description, _sv("Läs publicerade anmälningar och skicka nya anmälningar (med nyckel) "
                                          "enligt Open311 GeoReport v2.")))
    g.add((api, DCAT.endpointURL, URIRef(absolute_url("open311.discovery", fmt="json").rsplit("/", 1)[0])))
    g.add((api, DCAT.endpointDescription, URIRef(absolute_url("open311.openapi"))))
    g.add((api, DCTERMS.conformsTo, URIRef("http://wiki.open311.org/GeoReport_v2")))
    g.add((api, DCTERMS.publisher, publisher))
    g.add((api, DCAT.contactPoint, contact))
    g.add((api, DCTERMS.license, licence))
    g.add((api, DCTERMS.accessRights, public))
    g.add((api, DCAT.servesDataset, dataset_nodes[0]))
    if modified is not None:
        g.add((cat, DCTERMS.modified, Literal(to_local(modified).date().isoformat(), datatype=XSD.date)))
    return g


def catalogue_rdf_xml(modified=None):
    return catalogue(modified).serialize(format="pretty-xml", encoding="utf-8")
