"""What travels to a visitor: compressed pages, static files under hashed names kept for a
year, the first visit of every public page under 100 KB, and public pages served from
memory until the data changes."""
import re

import brotli
import pytest

from portal.extensions import db
from portal.news.models import NewsItem
from tests.test_report_form import valid_form

BROWSER = {"Accept-Encoding": "gzip, br"}
PUBLIC_PAGES = [
    "/", "/rapporter", r"/rapporter/\d+", "/promenader", r"/promenader/\d+", "/nyheter",
    r"/nyheter/(?!rss|atom|bild)[\w-]+", "/evenemang", r"/evenemang/\d+", "/lagesbild",
    "/rapportera", "/tillganglighet", "/integritet", "/rapporter/rss.xml",
    "/promenader/rss.xml", "/nyheter/rss.xml", "/nyheter/atom.xml", "/evenemang/rss.xml",
]
LINKED = re.compile(r'<(?:link rel="stylesheet"|script|img)[^>]*?(?:href|src)="(/[^"]+)"')
CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)")


@pytest.fixture
def demo(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def visitor(municipality):
    """A visitor on the demo municipality (read only: shared by the whole run)."""
    return municipality.app.test_client()


def fetch(client, path):
    response = client.get(path, headers=BROWSER)
    body = response.get_data()
    response.close()
    return response, body


def text(client, path):
    response = client.get(path)
    body = response.get_data(as_text=True)
    response.close()
    return body


def page_path(client, page):
    if "\\" not in page:
        return page
    html = client.get("/" + page.strip("/").split("/")[0]).get_data(as_text=True)
    return re.search(rf'href="({page})"', html)[1]


def transferred(client, path):
    """Bytes sent for the first visit of `path`: the page, compressed as a browser asks,
    with the stylesheets, scripts and images it links to (and those the CSS names)."""
    response, body = fetch(client, path)
    assert response.status_code == 200, path
    sizes = {path: len(body)}
    if response.mimetype != "text/html":
        return sizes
    html = client.get(path).get_data(as_text=True)  # uncompressed, to find the links
    for url in LINKED.findall(html):
        if url in sizes:
            continue
        asset, data = fetch(client, url)
        assert asset.status_code == 200, url
        sizes[url] = len(data)
        if asset.mimetype == "text/css":
            css = text(client, url)
            for relative in CSS_URL.findall(css):
                if relative.startswith("data:"):
                    continue
                image_url = url.rsplit("/", 1)[0] + "/" + relative
                image, image_data = fetch(client, image_url)
                sizes[image_url] = len(image_data) if image.status_code == 200 else 0
    return sizes


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_first_visit_of_each_public_page_is_under_100_kb(visitor, page):
    path = page_path(visitor, page)
    sizes = transferred(visitor, path)
    total = sum(sizes.values())
    assert total < 100 * 1024, f"{path}: {total} bytes: {sizes}"


def test_the_report_form_with_its_map_is_sent_compressed(visitor):
    response, body = fetch(visitor, "/rapportera")
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(body) < len(visitor.get("/rapportera").get_data()) / 3

    gzip_only = visitor.get("/rapportera", headers={"Accept-Encoding": "gzip"})
    assert gzip_only.headers["Content-Encoding"] == "gzip"
    plain = visitor.get("/rapportera")
    assert "Content-Encoding" not in plain.headers
    assert "Skicka anmälan" in plain.get_data(as_text=True)


def test_static_files_have_hashed_names_and_are_kept_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', html)[1]
    response, body = fetch(client, css_url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response.headers["Content-Encoding"] == "br"
    plain, plain_body = fetch(client, "/static/css/portal.css")
    assert "immutable" not in plain.headers["Cache-Control"]
    assert len(body) < len(plain_body) / 2


def test_leaflet_is_served_under_a_hashed_name_too(visitor):
    html = visitor.get("/rapportera").get_data(as_text=True)
    leaflet = re.search(r'src="(/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js)"', html)[1]
    response, _body = fetch(visitor, leaflet)
    assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response.headers["Content-Encoding"] == "br"


def test_images_and_small_bodies_are_not_compressed(client):
    image, _ = fetch(client, "/static/vendor/leaflet/images/layers.png")
    assert image.status_code == 200 and "Content-Encoding" not in image.headers
    small, _ = fetch(client, "/healthz")
    assert small.status_code == 200 and "Content-Encoding" not in small.headers


def test_a_compressed_feed_still_answers_304_to_its_etag(visitor):
    first, body = fetch(visitor, "/nyheter/rss.xml")
    assert first.headers["Content-Encoding"] == "br" and first.headers["ETag"]
    again = visitor.get("/nyheter/rss.xml",
                       headers={**BROWSER, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_anonymous_visits_neither_read_nor_set_a_session_cookie(client):
    page = client.get("/nyheter")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    feed = client.get("/nyheter/rss.xml")
    assert feed.status_code == 200 and "Set-Cookie" not in feed.headers


def test_a_public_page_is_served_again_until_the_data_changes(app, client, demo):
    first = client.get("/nyheter").get_data(as_text=True)
    cache = app.extensions["page_cache"]
    assert len(cache.entries) == 1
    assert client.get("/nyheter").get_data(as_text=True) == first

    with app.app_context():
        item = db.session.scalars(NewsItem.visible().order_by(NewsItem.published_at.desc())).first()
        old_title = item.title
        item.title = "Ny rubrik om trygghetsvandringen"
        db.session.commit()
    page = client.get("/nyheter").get_data(as_text=True)
    assert "Ny rubrik om trygghetsvandringen" in page and old_title not in page


def test_the_cache_can_be_turned_off(app, make_app):
    app = make_app(PAGE_CACHE_SECONDS=0)
    assert "page_cache" not in app.extensions
    assert app.test_client().get("/").status_code == 200


def test_a_kept_form_page_gives_each_visitor_a_token_of_their_own(app, make_app, categories):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    tokens = []
    for _ in range(3):
        visitor = csrf_app.test_client()
        page = visitor.get("/rapportera", headers=BROWSER)
        assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
        assert "Set-Cookie" in page.headers  # the token lives in the visitor's session
        html = brotli.decompress(page.get_data()).decode()
        tokens.append(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1])
    assert len(csrf_app.extensions["page_cache"].entries) == 1
    assert len(set(tokens)) == 3

    same_site = {"Referer": "https://localhost/rapportera"}  # Flask-WTF checks it over https
    response = visitor.post("/rapportera", headers=same_site,
                            data=valid_form(categories, csrf_token=tokens[-1]))
    assert response.status_code == 303
    stranger = csrf_app.test_client()
    refused = stranger.post("/rapportera", headers=same_site,
                            data=valid_form(categories, csrf_token=tokens[0]))
    assert refused.status_code == 400


def test_a_visitor_with_a_session_is_never_served_from_the_cache(app, client, staff_client):
    staff = staff_client()  # logging in writes, which empties the cache
    client.get("/nyheter")
    assert len(app.extensions["page_cache"].entries) == 1
    page = staff.get("/nyheter")
    assert page.status_code == 200
    assert len(app.extensions["page_cache"].entries) == 1  # only the anonymous visit's
