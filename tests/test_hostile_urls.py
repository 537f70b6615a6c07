"""Ids, page numbers and NUL bytes no database can take (issue 13, finding 8): every URL
answers 404 or 400, never 500 — run it on PostgreSQL too (TEST_DATABASE_URL)."""
import re

import pytest

HUGE = "9999999999"  # above PostgreSQL's integer, 2,147,483,647
HUGER = "99999999999999999999999"  # above its bigint too


def every_get_url_with_an_id(app):
    """Each GET rule of the app with an id in it, with HUGE for every id."""
    def fill(match):
        converter, options = match[1] or "", match[2]
        if converter == "int":
            return HUGE
        return options.split(",")[0].strip() if options else "x"

    return [re.sub(r"<(?:(\w+)(?:\(([^)]*)\))?:)?\w+>", fill, rule.rule)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and "<int:" in rule.rule]


def test_every_url_with_a_huge_id_is_404(app, staff_client):
    coordinator = staff_client("coordinator")
    urls = every_get_url_with_an_id(app)
    assert "/rapporter/9999999999" in urls and "/promenader/9999999999" in urls
    assert "/evenemang/9999999999" in urls and any(u.startswith("/admin/") for u in urls)
    for url in urls:
        for client in (app.test_client(), coordinator):
            response = client.get(url)
            assert response.status_code in (302, 404), (url, response.status_code)
    for url in ("/rapporter/9999999999/rapportera", f"/admin/rapporter/{HUGE}/publicera"):
        assert coordinator.post(url).status_code in (404, 405)


@pytest.mark.parametrize("url", [
    f"/rapporter?category={HUGE}", f"/rapporter?category={HUGER}", f"/rapporter?category=-{HUGE}",
    f"/rapporter/nara.json?category={HUGE}&lat=56.08&lon=12.92",
    f"/rapporter/nara.json?category={HUGER}&lat=56.08&lon=12.92",
])
def test_a_huge_id_in_the_query_finds_nothing(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400), response.status_code
    if "nara.json" in url:
        assert response.json["reports"] == []
    else:
        assert "Publicerade rapporter" in response.get_data(as_text=True) or "rapporter" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/rapporter", "/nyheter", "/evenemang", "/admin/rapporter", "/admin/logg"])
@pytest.mark.parametrize("page", [HUGE, HUGER, "100001"])
def test_a_page_beyond_range_is_404(app, staff_client, path, page):
    coordinator = staff_client("coordinator")
    assert coordinator.get(f"{path}?page={page}").status_code == 404
    assert coordinator.get(f"{path}?page=-{page}").status_code == 200  # below 1: the first page


@pytest.mark.parametrize("url", [
    "/rapporter/rss.xml?kategori=klotter%00", "/nyheter?amne=belysning%00", "/nyheter?amne=%00",
    "/rapporter?status=fixed%00", "/rapporter?category=1%00", "/evenemang?visa=%00",
    "/rapporter?%00=1",
])
def test_a_nul_byte_in_the_query_is_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/nyheter/x%00y", "/arende/%00", "/promenader/avboka/%00", "/%00"])
def test_a_nul_byte_in_the_path_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", [f"category={HUGE}", f"department={HUGE}", f"assigned={HUGE}",
                                   f"category={HUGER}", "q=%00", f"status={HUGE}"])
@pytest.mark.parametrize("path", ["/admin/rapporter", "/admin/lagesbild", "/admin/logg", "/admin/export"])
def test_staff_filters_with_huge_ids_are_refused_or_empty(staff_client, path, query):
    response = staff_client("coordinator").get(f"{path}?{query}")
    assert response.status_code in (200, 400, 404, 422), response.status_code
