"""Residents in the loop, in a real browser with a real SMTP server: an area alert confirmed
by the mailed link and its digest with a working unsubscribe link; following a report and
its status-change mail; the reporter adding information the coordinator sees; the "is it
still fixed?" answer that reopens; "me too" counted once and shown in the queue."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.desk import services as desk
from portal.extensions import db
from portal.mail.services import deliver_pending
from portal.reports.models import Report, ReportStatus
from portal.reports.services import Contact
from portal.timeutil import utcnow
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_desk_flow import create_with_cli, log_in

BJUV = (56.0840, 12.9190)
REPORTER = Contact("Rut Rapportör", "rut@example.se", None, True)


def mailbox(app, smtp_server, to):
    with app.app_context():
        deliver_pending()
    return [m for m in smtp_server.messages if m["To"] == to]


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path):
    return re.search(r"(https?://\S+" + path + r"\S*)", body_of(message)).group(1)


def cli(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_alerts_follows_additions_survey_and_me_too(app, live_server, browser, smtp_server, make_report):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    base = live_server.url
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")

    # 1. A resident asks for a daily digest of new reports in Bjuv and confirms by the mailed link.
    context, page = _new_page(browser)
    page.goto(f"{base}/rapporter")
    page.get_by_role("link", name="E-post om nya anmälningar").click()
    assert_accessible(page)
    page.locator("#kind-0").check()
    page.locator("#area").select_option(label="Bjuv")
    page.locator("#email").fill("alva@example.se")
    page.get_by_role("button", name="Skicka mejlet med bekräftelselänken").click()
    expect(page.locator("h1")).to_have_text("Titta i din e-post")
    assert_accessible(page)
    [confirmation] = mailbox(app, smtp_server, "alva@example.se")
    page.goto(link_in(confirmation, "/bevakning/bekrafta/"))
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta bevakningen").click()
    expect(page.locator("main")).to_contain_text("Tack, bevakningen är bekräftad.")
    expect(page.locator("main")).to_contain_text("Bjuv")
    assert_accessible(page)
    context.close()

    # 2. The coordinator publishes a report in Bjuv; the digest job mails it.
    report_id, token = make_report(description="Någon har sprejat på busskuren.", place="Busskuren vid torget",
                                   position=BJUV, contact=REPORTER)
    staff_context, staff = _new_page(browser)
    log_in(staff, base, "samordnare@bjuv.example")
    staff.goto(f"{base}/admin/rapporter/{report_id}")
    staff.locator("#publicera-public_title").fill("Klotter på busskuren vid torget")
    staff.locator("#publicera-public_text").fill("Busskuren vid torget har klotter.")
    staff.locator("#action-publicera button[type=submit]").click()
    expect(staff.locator(".flash--success")).to_be_visible()
    assert "1 mails" in cli(app, "send-alerts", "--frequency", "daily")
    digest = [m for m in mailbox(app, smtp_server, "alva@example.se") if "nya för din bevakning" in m["Subject"]]
    assert len(digest) == 1
    assert "Klotter på busskuren vid torget" in body_of(digest[0])
    assert "Någon har sprejat" not in body_of(digest[0]) and REPORTER.email not in body_of(digest[0])
    unsubscribe = link_in(digest[0], "/bevakning/avsluta/")
    assert digest[0]["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert digest[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    context, page = _new_page(browser, java_script_enabled=False)
    page.goto(unsubscribe)
    page.get_by_role("button", name="Avsluta bevakningen").click()
    expect(page.locator("main")).to_contain_text("Bevakningen är avslutad")
    expect(page.locator("main")).to_contain_text("Du har inga bevakningar.")
    context.close()

    # 3. Someone else follows the published report and is mailed its status change.
    context, page = _new_page(browser)
    page.goto(f"{base}/rapporter/{report_id}")
    page.get_by_role("link", name="Följ ärendet").click()
    assert_accessible(page)
    page.locator("#email").fill("bo@example.se")
    page.get_by_role("button", name="Följ ärendet").click()
    [confirmation] = mailbox(app, smtp_server, "bo@example.se")
    page.goto(link_in(confirmation, "/bevakning/bekrafta/"))
    page.get_by_role("button", name="Bekräfta bevakningen").click()
    expect(page.locator("main")).to_contain_text("Klotter på busskuren vid torget")
    context.close()
    staff.goto(f"{base}/admin/rapporter/{report_id}")
    staff.locator("#status-status").select_option("in_progress")
    staff.locator("#status-note").fill("Saneringsfirman är beställd.")
    staff.locator("#action-status button[type=submit]").click()
    expect(staff.locator(".flash--success")).to_be_visible()
    cli(app, "send-alerts", "--frequency", "instant")
    news = [m for m in mailbox(app, smtp_server, "bo@example.se") if m["Subject"].startswith("Nytt om")]
    assert len(news) == 1 and "Saneringsfirman är beställd." in body_of(news[0]) and news[0]["List-Unsubscribe"]

    # 4. The reporter adds information on the follow page; the coordinator sees it.
    context, page = _new_page(browser)
    page.goto(f"{base}/arende/{token}")
    page.locator("#text").fill("Det är på baksidan av busskuren, mot parken.")
    page.get_by_role("button", name="Lägg till i anmälan").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert_accessible(page)
    context.close()
    staff.goto(f"{base}/admin/rapporter/{report_id}")
    expect(staff.locator("main")).to_contain_text("Tillagt av anmälaren")
    expect(staff.locator("main")).to_contain_text("Det är på baksidan av busskuren, mot parken.")
    assert any(m["Subject"].startswith("Ny information från anmälaren")
               for m in mailbox(app, smtp_server, "samordnare@bjuv.example"))
    context, page = _new_page(browser)
    page.goto(f"{base}/rapporter/{report_id}")
    assert "baksidan av busskuren" not in page.content()

    # 5. "Me too": counted once for this person, shown in the queue.
    for _n in range(2):
        page.get_by_role("button", name="Jag har också sett det här / känner mig också otrygg här").click()
    expect(page.locator("main")).to_contain_text("1 person har sagt")
    assert_accessible(page)
    context.close()
    staff.goto(f"{base}/admin/rapporter?sort=jag-ocksa")
    row = staff.locator("tr", has=staff.locator(f"a[href='/admin/rapporter/{report_id}']"))
    expect(row.locator("td").last).to_have_text("1")

    # 6. Fixed four weeks ago: the reporter is asked, answers "not fixed", and it reopens.
    with app.test_request_context():
        report = db.session.get(Report, report_id)
        desk.change_status(report, ReportStatus.FIXED, "Klottret är borttaget.")
        report.closed_at = utcnow() - timedelta(days=29)
        db.session.commit()
    assert "1 mails" in cli(app, "send-fixed-surveys")
    [question] = [m for m in mailbox(app, smtp_server, REPORTER.email) if m["Subject"].startswith("Är det fortfarande")]
    context, page = _new_page(browser)
    page.goto(link_in(question, "/atgardat"))
    assert_accessible(page)
    page.get_by_label("Nej, det är inte åtgärdat").check()
    page.locator("#comment").fill("Det har kommit nytt klotter.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.locator(".flash--success")).to_contain_text("Anmälan är öppen igen")
    context.close()
    staff.goto(f"{base}/admin/rapporter")
    expect(staff.locator("tr", has=staff.locator(f"a[href='/admin/rapporter/{report_id}']"))).to_contain_text("Återöppnad")
    staff_context.close()
