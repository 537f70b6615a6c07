"""The coordinator's desk in a real browser: a coordinator made with the CLI publishes and
routes a report, a handler of that department fixes it without JavaScript, the resident
follows it, the mail goes out over SMTP, and the audit log names who did each step."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.mail.services import deliver_pending
from portal.reports.models import Department
from portal.reports.services import Contact
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.keyboard import tab_to

PASSWORD = "lang-och-hemlig-fras-2026"
RESIDENT = Contact("Ebba Exempelsson", "ebba.exempel@example.se", "070-555 12 34", True)


def create_with_cli(app, email, name, role, *departments):
    args = ["users", "create", email, "--name", name, "--role", role, "--password-stdin"]
    for slug in departments:
        args += ["--department", slug]
    result = app.test_cli_runner().invoke(args=args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def log_in(page, base, email, check=True):
    page.goto(f"{base}/admin/logga-in")
    if check:  # axe-core needs JavaScript
        assert_accessible(page)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_from_the_queue_to_fixed_with_mail_and_an_audit_trail(app, live_server, browser, smtp_server, make_report):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    base = live_server.url
    with app.app_context():
        culture = db.session.scalar(db.select(Department).where(Department.slug == "kultur-och-fritid"))
        culture.email = "kultur@bjuv.example"
        db.session.commit()
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    create_with_cli(app, "handlaggare@bjuv.example", "Harald Handläggare", "handler", "kultur-och-fritid")
    report_id, token = make_report(
        category="skadegorelse", description="Fönstret på fritidsgården är krossat. Jag heter Ebba.",
        place="Fritidsgården", contact=RESIDENT)

    # The coordinator finds the new report in the queue, publishes an edited text and routes it.
    context, page = _new_page(browser)
    log_in(page, base, "samordnare@bjuv.example")
    assert_accessible(page)
    page.locator("nav a[href='/admin/rapporter']").click()
    assert_accessible(page)
    page.locator(f"a[href='/admin/rapporter/{report_id}']").first.click()
    expect(page.locator("main")).to_contain_text("Jag heter Ebba")  # the original, as received
    expect(page.locator("main")).to_contain_text(RESIDENT.email)  # staff see the contact
    assert_accessible(page)

    page.locator("#publicera-public_title").fill("Krossat fönster på fritidsgården")
    page.locator("#publicera-public_text").fill("Ett fönster på fritidsgården är krossat. <img src=x onerror=alert(1)>")
    page.locator("#action-publicera button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()

    page.locator("#skicka-choice").select_option(label="Kultur och fritid")
    page.locator("#skicka-reason").fill("Fritidsgården är deras")
    page.locator("#action-skicka button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kultur och fritid")
    assert_accessible(page)

    # A mistake on the case page: summarised, focused, typed text kept.
    page.locator("#svara-message").fill("   ")
    page.locator("#action-svara button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.title().startswith("Fel:")
    assert_accessible(page)
    context.close()

    # The handler of that department, without JavaScript, sets it to fixed with a note.
    context, page = _new_page(browser, java_script_enabled=False)
    log_in(page, base, "handlaggare@bjuv.example", check=False)
    page.goto(f"{base}/admin/rapporter")
    page.locator(f"a[href='/admin/rapporter/{report_id}']").first.click()
    page.locator("#status-status").select_option("fixed")
    page.locator("#status-note").fill("Fönstret är bytt.")
    page.locator("#action-status button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    page.locator("#svara-message").fill("Tack för att du hörde av dig, Fritidsgården är lagad.")
    page.locator("#action-svara button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    context.close()

    # The resident's follow link shows the history and the replies.
    context, page = _new_page(browser)
    page.goto(f"{base}/arende/{token}")
    for text in ("Fönstret är bytt.", "Fritidsgården är lagad."):
        expect(page.locator("main")).to_contain_text(text)
    assert_accessible(page)
    page.goto(f"{base}/rapporter/{report_id}")
    expect(page.locator("h1")).to_have_text("Krossat fönster på fritidsgården")
    assert page.evaluate("() => document.querySelector('main img[src=x]') === null")
    for secret in (RESIDENT.name, RESIDENT.email, RESIDENT.phone, "Jag heter Ebba"):
        assert secret not in page.content()
    context.close()

    # The SMTP server got the reporter's mails and the department's.
    with app.app_context():
        deliver_pending()
    mails = smtp_server.bodies()
    to_resident = [body for to, _subject, body in mails if to == RESIDENT.email]
    assert any("Fönstret är bytt." in body and f"/arende/{token}" in body for body in to_resident)
    assert any("lagad" in body for body in to_resident)
    to_department = [body for to, _subject, body in mails if to in ("kultur@bjuv.example", "handlaggare@bjuv.example")]
    assert len(to_department) == 2 and all(f"/admin/rapporter/{report_id}" in b for b in to_department)
    assert not any(RESIDENT.email in body for body in to_department)

    # The audit log shows each step with who did it.
    context, page = _new_page(browser)
    log_in(page, base, "samordnare@bjuv.example")
    page.goto(f"{base}/admin/logg")
    assert_accessible(page)
    rows = page.locator("table tbody tr")
    log_text = " | ".join(rows.all_inner_texts())
    for who, action in [("Sara Samordnare", "Publicerade"), ("Sara Samordnare", "Kultur och fritid"),
                        ("Harald Handläggare", "Åtgärdad"), ("Harald Handläggare", "Svarade")]:
        assert any(who in row and action in row for row in rows.all_inner_texts()), (who, action, log_text)
    context.close()


def test_staff_pages_pass_axe(app, live_server, browser, make_report, make_user):
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    report_id, _ = make_report(contact=RESIDENT, publish=True)
    context, page = _new_page(browser)
    log_in(page, live_server.url, "samordnare@bjuv.example")
    for path in ["/admin/", "/admin/rapporter", "/admin/rapporter?received_from=nej",
                 f"/admin/rapporter/{report_id}", "/admin/logg", "/admin/export",
                 "/admin/kategorier", "/admin/kategorier/ny", "/admin/forvaltningar",
                 "/admin/forvaltningar/ny", "/admin/anvandare", "/admin/anvandare/ny",
                 "/admin/konto/losenord"]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    context.close()


def test_keyboard_only_login_and_status_change(app, live_server, page, make_report):
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    report_id, _ = make_report()
    page.goto(f"{live_server.url}/admin/rapporter/{report_id}")  # sends you to log in first
    page.keyboard.press("Tab")  # the skip link
    tab_to(page, "#email")
    page.keyboard.type("samordnare@bjuv.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/admin/rapporter/{report_id}$"))
    tab_to(page, "#status-status")
    page.keyboard.press("ArrowDown")  # "Bekräftad"
    tab_to(page, "#action-status button")
    page.keyboard.press("Enter")
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("main .status").first).not_to_have_text(re.compile("Inkommen"))
