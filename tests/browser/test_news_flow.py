"""A web editor writes news in a real browser: a mistake, a preview of a text with a script
and an `onerror` image beside ordinary formatting, then publishing. The public page shows the
formatting and runs nothing. Also without JavaScript, with the keyboard, and axe-core on the
news and event pages and the editor's pages."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.extensions import db
from portal.news.models import NewsItem
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_desk_flow import create_with_cli, log_in
from tests.content import make_event, make_news
from tests.images import jpeg_with_gps

BODY = """## Vad vi gjorde i somras

Vi gick **tre kvällar** i veckan och pratade med *många* unga.

- Centrum
- Parken vid skolan

Läs mer på [kommunens webbplats](https://www.bjuv.se).

<script>window.__xss = "script"</script>
<img src="x" onerror="window.__xss = 'onerror'; alert('onerror')">
"""


def watch_dialogs(page):
    """A list that gets every alert/confirm the page opens (there must be none)."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def assert_nothing_ran(page, dialogs):
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.locator(".news-body script, .news-body [onerror], .news-body iframe").count() == 0


def test_editor_previews_and_publishes_and_the_page_runs_nothing(app, live_server, browser):
    base = live_server.url
    create_with_cli(app, "redaktor@bjuv.example", "Rut Redaktör", "editor")
    context, page = _new_page(browser)
    dialogs = watch_dialogs(page)
    log_in(page, base, "redaktor@bjuv.example")
    page.locator("nav a[href='/admin/nyheter']").click()
    assert_accessible(page)
    page.locator("main a[href='/admin/nyheter/ny']").click()
    assert_accessible(page)

    # A mistake first: no title. Summarised, focused, the text kept.
    page.locator("#summary").fill("Så gick sommarens trygghetsvandringar.")
    page.locator("#body").fill(BODY)
    page.locator("button[value=publish]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#title-error")).to_be_visible()
    assert "Vad vi gjorde i somras" in page.locator("#body").input_value()
    assert_accessible(page)

    # The preview: formatted, cleaned, nothing saved.
    page.locator("#title").fill("Sommarens trygghetsvandringar")
    page.locator("button[value=preview]").click()
    preview = page.locator("#preview")
    expect(preview.locator("h2", has_text="Vad vi gjorde i somras")).to_be_visible()
    expect(preview.locator("strong", has_text="tre kvällar")).to_be_visible()
    expect(preview.locator("li", has_text="Parken vid skolan")).to_be_visible()
    assert_nothing_ran(page, dialogs)
    assert_accessible(page)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(NewsItem.id))) == 0

    page.locator("button[value=publish]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert_accessible(page)

    # The public page, as a resident sees it.
    public = context.new_page()
    public_dialogs = watch_dialogs(public)
    public.goto(f"{base}/nyheter")
    assert_accessible(public)
    public.locator("a[href='/nyheter/sommarens-trygghetsvandringar']").click()
    expect(public.locator("h1")).to_have_text("Sommarens trygghetsvandringar")
    body = public.locator(".news-body")
    expect(body.locator("h2")).to_have_text("Vad vi gjorde i somras")
    expect(body.locator("em")).to_have_text("många")
    expect(body.locator("a[href='https://www.bjuv.se']")).to_have_text("kommunens webbplats")
    expect(public.locator("main")).to_contain_text("Rut Redaktör")
    public.wait_for_load_state("load")
    assert_nothing_ran(public, public_dialogs)
    assert_accessible(public)
    context.close()


def test_without_javascript_an_editor_adds_an_image_previews_and_publishes(app, live_server, browser):
    base = live_server.url
    create_with_cli(app, "redaktor@bjuv.example", "Rut Redaktör", "editor")
    context, page = _new_page(browser, java_script_enabled=False)
    log_in(page, base, "redaktor@bjuv.example", check=False)
    page.goto(f"{base}/admin/nyheter/ny")
    page.locator("#title").fill("Nya lampor i parken")
    page.locator("#summary").fill("Tolv nya lampor lyser upp gångvägen.")
    page.locator("#body").fill("Lamporna sattes upp i **oktober**.")
    page.locator("#image").set_input_files(
        [{"name": "lampor.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}])
    page.locator("#image_alt").fill("Nya lampor längs gångvägen")
    page.locator("#tags").fill("Belysning")
    page.locator("#title").press("Enter")  # Enter previews; it never publishes by mistake
    expect(page.locator("#preview img[alt='Nya lampor längs gångvägen']")).to_be_visible()
    page.locator("button[value=publish]").click()  # the image is kept without choosing it again
    expect(page.locator(".flash--success")).to_be_visible()
    context.close()

    context, page = _new_page(browser, java_script_enabled=False)
    page.goto(f"{base}/nyheter/nya-lampor-i-parken")
    image = page.locator(".news-image img")
    expect(image).to_have_attribute("alt", "Nya lampor längs gångvägen")
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 200
    expect(page.locator("#page-changed")).to_be_visible()
    context.close()


def test_news_and_event_pages_pass_axe(app, live_server, browser):
    base = live_server.url
    create_with_cli(app, "redaktor@bjuv.example", "Rut Redaktör", "editor")
    with app.app_context():
        from portal.accounts.models import User

        editor_id = db.session.scalar(db.select(User.id))
    item_id = make_news(app, editor_id, tags=["Kvällspromenader"])
    make_news(app, editor_id, title="Ett utkast", state="draft")
    make_news(app, editor_id, title="Kommer i morgon", state="scheduled")
    event_id = make_event(app, editor_id)
    make_event(app, editor_id, title="Inställt möte", cancelled=True)
    past_id = make_event(app, editor_id, title="Ett möte som varit", starts_in=timedelta(days=-3))

    context, page = _new_page(browser)
    for path in ["/", "/nyheter", "/nyheter/sommarens-trygghetsvandringar", "/nyheter?amne=kvallspromenader",
                 "/evenemang", f"/evenemang/{event_id}", "/evenemang?visa=tidigare", f"/evenemang/{past_id}",
                 "/integritet", "/tillganglighet", "/rapporter"]:
        page.goto(base + path)
        assert_accessible(page)

    log_in(page, base, "redaktor@bjuv.example")
    for path in ["/admin/", "/admin/nyheter", f"/admin/nyheter/{item_id}", "/admin/nyheter/ny",
                 "/admin/evenemang", "/admin/evenemang/nytt", f"/admin/evenemang/{event_id}"]:
        page.goto(base + path)
        assert_accessible(page)

    # The event form with mistakes.
    page.goto(f"{base}/admin/evenemang/nytt")
    page.locator("#starts_at").fill("i morgon kväll")
    page.locator("button[value=publish]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#starts_at")).to_have_value("i morgon kväll")
    assert_accessible(page)
    context.close()


def test_keyboard_only_an_editor_unpublishes(app, live_server, page):
    create_with_cli(app, "redaktor@bjuv.example", "Rut Redaktör", "editor")
    with app.app_context():
        from portal.accounts.models import User

        editor_id = db.session.scalar(db.select(User.id))
    item_id = make_news(app, editor_id)
    log_in(page, live_server.url, "redaktor@bjuv.example", check=False)
    page.goto(f"{live_server.url}/admin/nyheter/{item_id}")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('.unpublish-form') !== null"):
            break
    page.keyboard.press("Enter")
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("main .badge")).to_be_visible()  # a draft again
    assert re.search(r"/admin/nyheter/\d+$", page.url)
