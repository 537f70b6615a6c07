"""News: editors write, preview, publish now or later, change and unpublish; residents read
/nyheter. Bad input (hostile HTML, missing title, impossible times, non-images, taken
addresses) is refused with a message at the field and nothing saved."""
import re
from datetime import datetime, timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.common.dates import long_date
from portal.extensions import db
from portal.news.models import NewsItem
from portal.timeutil import to_local, utcnow
from tests.content import editor, editor_id, make_event, make_news, post_form  # noqa: F401 (fixtures)
from tests.images import has_metadata, image_bytes, jpeg_with_gps

HOSTILE_BODY = """## Vad vi gjorde

Vanlig *betoning*, **fetstil** och en [länk till kommunen](https://www.bjuv.se).

- Centrum
- Parken

<script>window.__xss = 1</script>
<img src=x onerror="window.__xss = 2">
<iframe src="https://evil.example/"></iframe>
[klicka](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">här</a>
<p style="position:fixed;top:0">Stil</p>
<style>body { display: none }</style>
"""


def news_form(**overrides):
    data = {
        "title": "Sommarens trygghetsvandringar",
        "slug": "",
        "summary": "Vi gick tre kvällar i centrum i somras.",
        "body": "## Vad vi gjorde\n\nVi gick **tre** kvällar.\n\n- Centrum\n- Parken",
        "image_alt": "",
        "tags": "",
        "publish_at": "",
        "action": "publish",
    }
    data.update(overrides)
    return data


def saved(app):
    with app.app_context():
        return db.session.scalars(db.select(NewsItem).order_by(NewsItem.id)).all()


def item_by_slug(app, slug):
    with app.app_context():
        item = db.session.scalar(db.select(NewsItem).where(NewsItem.slug == slug))
        db.session.expunge(item)
        return item


def audit_actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action.like("news_%")).order_by(AuditEntry.id))]


def news_body(html):
    """The item's rendered text on a public page."""
    return re.search(r'<div class="news-body">(.*?)</div>', html, re.DOTALL).group(1)


def field_error(html, name):
    match = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', html, re.DOTALL)
    return match.group(1) if match else None


def set_published_at(app, item_id, when):
    with app.app_context():
        item = db.session.get(NewsItem, item_id)
        item.published_at = item.edited_at = when
        db.session.commit()


def test_an_editor_publishes_and_residents_read_it(app, client, editor, editor_id):
    response = post_form(editor, "/admin/nyheter/ny", news_form(tags="Kvällspromenader, belysning"))
    assert response.status_code == 303
    [item] = saved(app)
    assert item.slug == "sommarens-trygghetsvandringar" and item.state == "published"
    assert audit_actions(app) == ["news_created", "news_published"]

    listing = client.get("/nyheter").get_data(as_text=True)
    assert 'href="/nyheter/sommarens-trygghetsvandringar"' in listing
    assert "Vi gick tre kvällar i centrum i somras." in listing
    page = client.get("/nyheter/sommarens-trygghetsvandringar").get_data(as_text=True)
    assert "<h1 class=\"news-title\">Sommarens trygghetsvandringar</h1>" in page
    assert "Elin Redaktör" in page  # "Webbredaktör: Elin Redaktör"
    with app.test_request_context():
        assert long_date(item.published_at) in page
    body = news_body(page)
    assert "<h2>Vad vi gjorde</h2>" in body and "<strong>tre</strong>" in body and "<li>Parken</li>" in body
    assert 'href="/nyheter?amne=kvallspromenader"' in page
    filtered = client.get("/nyheter?amne=kvallspromenader").get_data(as_text=True)
    assert 'href="/nyheter/sommarens-trygghetsvandringar"' in filtered
    assert client.get("/nyheter?amne=finns-inte").status_code == 404


def test_hostile_html_is_cleaned_and_the_formatting_survives(app, client, editor):
    post_form(editor, "/admin/nyheter/ny", news_form(body=HOSTILE_BODY))
    body = news_body(client.get("/nyheter/sommarens-trygghetsvandringar").get_data(as_text=True))
    for hostile in ("<script", "__xss", "onerror", "<iframe", "evil.example", "javascript:",
                    "JaVaScRiPt", "style=", "<style", "display: none"):
        assert hostile not in body, hostile
    assert "<h2>Vad vi gjorde</h2>" in body
    assert "<em>betoning</em>" in body and "<strong>fetstil</strong>" in body
    assert '<a href="https://www.bjuv.se">länk till kommunen</a>' in body
    assert "<li>Centrum</li>" in body and "<p>Stil</p>" in body
    assert '<img alt="" src="x">' in body  # harmless, and skipped by screen readers
    [item] = saved(app)
    assert item.body_source == HOSTILE_BODY.strip()  # the editor's text is kept as written


def test_preview_shows_the_cleaned_page_and_saves_nothing(app, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(body=HOSTILE_BODY, action="preview"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    preview = html.split('id="preview"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Vad vi gjorde</h2>" in preview and "<em>betoning</em>" in preview
    assert "<script" not in preview and "onerror" not in preview and "javascript:" not in preview
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html  # the source is kept in the form
    assert saved(app) == [] and audit_actions(app) == []


def test_a_missing_title_keeps_the_form_and_saves_nothing(app, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(title="  ", body="Min text som inte får försvinna."))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "title") and 'class="error-summary"' in html and 'href="#title"' in html
    assert "Min text som inte får försvinna." in html
    assert saved(app) == []


@pytest.mark.parametrize("typed", ["26/6 kl 9", "2026-02-30 10:00", "2026-06-26 25:00", "i morgon",
                                   "2026-03-29 02:30", "1999-06-26 10:00"])
def test_an_impossible_publish_time_is_refused(app, editor, typed):
    response = post_form(editor, "/admin/nyheter/ny", news_form(publish_at=typed))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "publish_at")
    assert f'value="{typed}"' in html
    assert saved(app) == []


def test_a_publish_time_that_has_passed_is_refused(app, editor):
    yesterday = to_local(utcnow() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = post_form(editor, "/admin/nyheter/ny", news_form(publish_at=yesterday))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "publish_at")
    assert saved(app) == []


def test_a_scheduled_item_appears_when_its_time_has_come(app, client, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(publish_at="2099-06-26 9.00"))
    assert response.status_code == 303
    [item] = saved(app)
    assert item.state == "scheduled"
    assert item.published_at == datetime(2099, 6, 26, 7, 0)  # 09.00 in Stockholm is 07.00 UTC
    assert client.get("/nyheter/sommarens-trygghetsvandringar").status_code == 404
    assert "sommarens-trygghetsvandringar" not in client.get("/nyheter").get_data(as_text=True)
    assert "sommarens-trygghetsvandringar" not in client.get("/").get_data(as_text=True)

    set_published_at(app, item.id, utcnow() - timedelta(minutes=1))  # time passes; no job runs
    assert client.get("/nyheter/sommarens-trygghetsvandringar").status_code == 200


def test_a_draft_is_never_public(app, client, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(action="draft"))
    assert response.status_code == 303
    [item] = saved(app)
    assert item.state == "draft" and audit_actions(app) == ["news_created"]
    assert client.get("/nyheter/sommarens-trygghetsvandringar").status_code == 404
    for url in ("/nyheter", "/", "/nyheter/rss.xml", "/nyheter/atom.xml"):
        assert "Sommarens trygghetsvandringar" not in client.get(url).get_data(as_text=True), url
    # The editor sees it, and publishes it later.
    assert editor.get(f"/admin/nyheter/{item.id}").status_code == 200
    assert post_form(editor, f"/admin/nyheter/{item.id}", news_form()).status_code == 303
    assert client.get("/nyheter/sommarens-trygghetsvandringar").status_code == 200


def test_an_edit_after_publishing_shows_when_the_page_changed(app, client, editor, editor_id):
    item_id = make_news(app, editor_id)
    set_published_at(app, item_id, datetime(2026, 6, 20, 8, 0))
    page = client.get("/nyheter/sommarens-trygghetsvandringar").get_data(as_text=True)
    assert "20 juni 2026" in page
    assert re.search(r'id="page-changed">.*20 juni 2026', page)

    unchanged = post_form(editor, f"/admin/nyheter/{item_id}", news_form(
        action="save", summary="Vi gick i centrum.", title="Sommarens trygghetsvandringar",
        body="## Vad vi gjorde\n\nVi gick **tre** kvällar."))
    assert unchanged.status_code == 303 and "news_changed" not in audit_actions(app)

    response = post_form(editor, f"/admin/nyheter/{item_id}", news_form(action="save", summary="Rättad ingress."))
    assert response.status_code == 303
    assert audit_actions(app)[-1] == "news_changed"
    page = client.get("/nyheter/sommarens-trygghetsvandringar").get_data(as_text=True)
    with app.test_request_context():
        today = long_date(utcnow())
    assert "Rättad ingress." in page and "20 juni 2026" in page
    assert re.search(rf'id="page-changed">.*{today}', page)


def test_unpublishing_takes_the_item_off_the_site(app, client, editor, editor_id):
    item_id = make_news(app, editor_id)
    response = editor.post(f"/admin/nyheter/{item_id}/avpublicera")
    assert response.status_code == 303
    assert client.get("/nyheter/sommarens-trygghetsvandringar").status_code == 404
    assert audit_actions(app)[-1] == "news_unpublished"
    again = editor.post(f"/admin/nyheter/{item_id}/avpublicera")  # already a draft: said, not an error
    assert again.status_code == 303 and audit_actions(app).count("news_unpublished") == 1


@pytest.mark.parametrize("title, slug", [
    ("Trygghet på Åsgatan – vår plan för hösten", "trygghet-pa-asgatan-var-plan-for-hosten"),
    ("Öppet möte i Ängelholm!", "oppet-mote-i-angelholm"),
])
def test_the_address_comes_from_the_title_with_swedish_letters(app, editor, title, slug):
    assert post_form(editor, "/admin/nyheter/ny", news_form(title=title)).status_code == 303
    assert saved(app)[0].slug == slug


def test_an_editor_may_choose_the_address(app, client, editor):
    assert post_form(editor, "/admin/nyheter/ny", news_form(slug="Min Sida!")).status_code == 303
    assert client.get("/nyheter/min-sida").status_code == 200


def test_a_taken_address_is_refused_with_a_free_suggestion(app, editor, editor_id):
    make_news(app, editor_id)
    response = post_form(editor, "/admin/nyheter/ny", news_form(summary="En annan text."))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "sommarens-trygghetsvandringar" in field_error(html, "slug")
    assert 'value="sommarens-trygghetsvandringar-2"' in html  # offered in the field
    assert "En annan text." in html
    assert len(saved(app)) == 1
    typed = post_form(editor, "/admin/nyheter/ny", news_form(title="Något annat", slug="sommarens-trygghetsvandringar"))
    assert typed.status_code == 422 and len(saved(app)) == 1
    accepted = post_form(editor, "/admin/nyheter/ny", news_form(slug="sommarens-trygghetsvandringar-2"))
    assert accepted.status_code == 303 and len(saved(app)) == 2


def test_an_image_is_stored_without_metadata_and_needs_a_description(app, client, editor):
    photo = jpeg_with_gps()
    response = post_form(editor, "/admin/nyheter/ny", news_form(image=(photo, "IMG_0001.jpg")))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "image_alt") and saved(app) == []
    staged = re.search(r'name="staged_image" type="hidden" value="([0-9a-f]{32}\.jpg)"', html).group(1)
    assert f"/admin/nyheter/bild/{staged}" in html  # the editor sees the image kept

    # Sent again with a description and without choosing the file again.
    response = post_form(editor, "/admin/nyheter/ny", news_form(staged_image=staged, image_alt="Vandrare i väst"))
    assert response.status_code == 303
    [item] = saved(app)
    assert item.image_file == staged and (item.image_width, item.image_height) == (200, 400)  # upright
    page = client.get("/nyheter/sommarens-trygghetsvandringar").get_data(as_text=True)
    assert f'<img src="/nyheter/bild/{staged}" alt="Vandrare i väst"' in page
    with client.get(f"/nyheter/bild/{staged}") as image:
        assert image.status_code == 200 and image.mimetype == "image/jpeg"
        assert not has_metadata(image.data)

    post_form(editor, f"/admin/nyheter/{item.id}", news_form(action="save", remove_image="y"))
    assert saved(app)[0].image_file is None
    assert client.get(f"/nyheter/bild/{staged}").status_code == 404


def test_something_that_is_not_an_image_is_refused(app, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(
        image=(b"%PDF-1.4 not an image", "bild.jpg"), image_alt="En bild"))
    assert response.status_code == 422
    assert "bild.jpg" in field_error(response.get_data(as_text=True), "image")
    assert saved(app) == []


def test_a_huge_image_is_refused(app, editor):
    app.config["PHOTO_MAX_BYTES"] = 20_000
    big = image_bytes("PNG", size=(1500, 1500), mode="RGB")
    big += b"\0" * 20_000  # well over the limit whatever PNG makes of one colour
    response = post_form(editor, "/admin/nyheter/ny", news_form(image=(big, "stor.png"), image_alt="Stor"))
    assert response.status_code == 422
    assert "stor.png" in field_error(response.get_data(as_text=True), "image")
    assert saved(app) == []


def test_an_image_of_a_draft_is_not_public(app, client, editor_id, editor):
    from tests.content import stored_image

    name = stored_image(app)
    make_news(app, editor_id, state="draft", image=name, image_alt="Röd yta")
    assert client.get(f"/nyheter/bild/{name}").status_code == 404
    with editor.get(f"/admin/nyheter/bild/{name}") as response:
        assert response.status_code == 200


def test_too_many_or_too_long_topics_are_refused(app, editor):
    response = post_form(editor, "/admin/nyheter/ny", news_form(tags="a, b, c, d, e, f"))
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "tags")
    response = post_form(editor, "/admin/nyheter/ny", news_form(tags="x" * 41))
    assert response.status_code == 422 and saved(app) == []


def test_the_same_topic_in_other_letters_is_one_topic(app, editor):
    post_form(editor, "/admin/nyheter/ny", news_form(tags="Kvällspromenader, kvallspromenader , Belysning"))
    assert [tag.slug for tag in saved_tags(app)] == ["belysning", "kvallspromenader"]


def saved_tags(app):
    from portal.news.models import NewsTag

    with app.app_context():
        return db.session.scalars(db.select(NewsTag).order_by(NewsTag.slug)).all()


def test_the_list_is_paged_newest_first(app, client, editor_id, editor):
    app.config["NEWS_PER_PAGE"] = 2
    for number, days_ago in ((1, 3), (2, 2), (3, 1)):
        item_id = make_news(app, editor_id, title=f"Nyhet nummer {number}")
        set_published_at(app, item_id, utcnow() - timedelta(days=days_ago))
    first = client.get("/nyheter").get_data(as_text=True)
    assert first.index("Nyhet nummer 3") < first.index("Nyhet nummer 2")
    assert "Nyhet nummer 1" not in first and 'rel="next" href="/nyheter?page=2"' in first
    assert "Nyhet nummer 1" in client.get("/nyheter?page=2").get_data(as_text=True)
    assert client.get("/nyheter?page=99").status_code == 200  # an empty page, never a 500
    assert client.get("/nyheter?page=abc").status_code == 200
    assert client.get("/nyheter/finns-inte").status_code == 404


def test_the_home_page_shows_the_latest_three_and_upcoming_events(app, client, editor_id, editor):
    for number in range(1, 5):
        item_id = make_news(app, editor_id, title=f"Nyhet nummer {number}")
        set_published_at(app, item_id, utcnow() - timedelta(hours=10 - number))
    make_event(app, editor_id, title="Medborgardialog om parken")
    make_event(app, editor_id, title="Ett utkast till möte", published=False)
    make_event(app, editor_id, title="Ett möte som varit", starts_in=timedelta(days=-3))
    html = client.get("/").get_data(as_text=True)
    assert all(f"Nyhet nummer {n}" in html for n in (2, 3, 4)) and "Nyhet nummer 1" not in html
    assert "Medborgardialog om parken" in html
    assert "Ett utkast till möte" not in html and "Ett möte som varit" not in html
    assert 'href="/nyheter/rss.xml"' in html and 'href="/evenemang/rss.xml"' in html


def test_every_content_page_says_when_it_changed(client):
    privacy = client.get("/integritet").get_data(as_text=True)
    assert re.search(r'id="page-changed">.*25 november 2026', privacy)
    statement = client.get("/tillganglighet").get_data(as_text=True)
    assert re.search(r'id="page-changed">.*25 november 2026', statement)


@pytest.mark.parametrize("role, status", [("handler", 403), ("editor", 200), ("coordinator", 200)])
def test_only_editors_and_coordinators_write_news(staff_client, role, status):
    client = staff_client(role, ["skola"] if role == "handler" else [])
    for url in ("/admin/nyheter", "/admin/nyheter/ny", "/admin/evenemang", "/admin/evenemang/nytt"):
        assert client.get(url).status_code == status, url


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in ("/admin/nyheter", "/admin/nyheter/ny", "/admin/evenemang"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/admin/logga-in")
    assert client.post("/admin/nyheter/ny", data=news_form()).status_code == 302


def test_the_staff_menu_offers_news_and_events_to_an_editor(editor):
    html = editor.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/nyheter"' in html and 'href="/admin/evenemang"' in html
    assert 'href="/admin/rapporter"' not in html
