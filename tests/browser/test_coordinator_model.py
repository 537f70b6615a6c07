"""Issue 17 in a real browser: the coordinator creates an effort and reads its figures on
the realistic demo data; guard shifts imported from a CSV stand beside the walker-hours;
an action decided at a meeting is on the owner's overview and the next agenda until done;
the police contact reads the lägesbild and nothing personal; a response template fills a
public reply without JavaScript; a message reaches every walker through the SMTP server."""
import re
from datetime import timedelta

from playwright.sync_api import expect

from portal.demo import load
from portal.extensions import db
from portal.lagesbild.buckets import default_summer
from portal.lagesbild.context import today
from portal.mail.models import OutboxMessage
from portal.mail.services import deliver_pending
from portal.walks import signups as signup_services
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_desk_flow import PASSWORD, create_with_cli, log_in
from tests.test_lagesbild import BJUV
from tests.test_lagesbild_presence import walk
from tests.walk_helpers import make_slot, stockholm


def demo(app):
    with app.app_context():
        load(seed=20261, password=PASSWORD)
        db.session.commit()
        return default_summer(today())


def test_a_coordinator_creates_an_effort_and_reads_its_figures_on_the_demo_data(app, live_server, page):
    summer = demo(app)
    base = live_server.url
    log_in(page, base, "samordnare@example.se")
    page.goto(f"{base}/admin/insatser/")
    page.get_by_role("link", name="Ny insats").click()
    assert_accessible(page)
    page.locator("#name").fill("Sommarinsats Bjuv")
    page.locator("#first_day").fill(summer.first.isoformat())
    page.locator("#last_day").fill(summer.last.isoformat())
    page.get_by_label("Bjuv", exact=True).check()
    page.get_by_label("Billesholm", exact=True).check()
    page.locator("#guard_hours").fill("480")
    page.locator("#effort-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Sommarinsats Bjuv")
    phases = page.locator("#insats-faser-caption").locator("xpath=ancestor::table")
    for phase in ("Före", "Under", "Efter"):
        expect(phases.locator("tbody th", has_text=phase)).to_have_count(1)
    expect(page.locator("#jamforelse")).to_be_visible()
    expect(page.locator("main")).to_contain_text("procentenheter")
    expect(page.locator("main")).to_contain_text("Andra områden")
    expect(page.locator("#chart-insats-faser")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Ladda ner tabellen som CSV.*före, under och efter")).click()
    assert "Under" in download.value.path().read_text(encoding="utf-8-sig")


def test_guard_shifts_imported_from_csv_stand_beside_walker_hours(app, live_server, page, tmp_path):
    create_with_cli(app, "sam@bjuv.example", "Sam Samordnare", "coordinator")
    walk(app, stockholm(2025, 10, 3, 19), stockholm(2025, 10, 3, 22), BJUV, walkers=2)
    csv_file = tmp_path / "vaktare.csv"
    csv_file.write_bytes("datum;område;företag;planerade timmar;levererade timmar;skadegörelse\n"
                         "2025-10-03;Bjuv;Nordvakt AB;8;6,5;1\n2025-10-04;Atlantis;Nordvakt AB;8;8;0\n"
                         .encode("cp1252"))
    base = live_server.url
    log_in(page, base, "sam@bjuv.example")
    page.goto(f"{base}/admin/vaktare/importera")
    page.locator("#file").set_input_files(str(csv_file))
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#rejected-caption")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Området Atlantis är inte ett av portalens områden.")
    assert_accessible(page)
    page.goto(f"{base}/admin/lagesbild?date_from=2025-09-29&date_to=2025-10-26")
    row = page.locator("#vaktare-caption").locator("xpath=ancestor::table").locator("tbody tr").first
    expect(row).to_contain_text("Bjuv")
    expect(row.locator("td").nth(1)).to_have_text("8,0")
    expect(row.locator("td").nth(2)).to_have_text("6,5")
    expect(row.locator("td").nth(5)).to_have_text("6,0")  # two walkers for three hours
    assert_accessible(page)


def test_an_action_is_on_the_owners_desk_and_the_next_agenda_until_done(app, live_server, browser):
    create_with_cli(app, "sam@bjuv.example", "Sam Samordnare", "coordinator")
    create_with_cli(app, "hampus@bjuv.example", "Hampus Skola", "handler", "skola")
    with app.app_context():
        now = today()
    base = live_server.url
    context, page = _new_page(browser)
    log_in(page, base, "sam@bjuv.example")
    page.goto(f"{base}/admin/trygga-chefer/mote/nytt")
    page.locator("#held_on").fill((now - timedelta(days=14)).isoformat())
    page.locator("#title").fill("Trygga chefer, november")
    page.locator("#meeting-form button[type=submit]").click()
    page.locator("#action-form #title").fill("Belysning vid skolgården")
    page.locator("#department").select_option(label="Skola")
    page.locator("#owner").select_option(label="Hampus Skola")
    page.locator("#deadline").fill((now - timedelta(days=1)).isoformat())
    page.locator("#action-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_contain_text("Åtgärden är tillagd")
    assert_accessible(page)
    page.goto(f"{base}/admin/trygga-chefer/mote/nytt")
    page.locator("#held_on").fill(now.isoformat())
    page.locator("#title").fill("Trygga chefer, december")
    page.locator("#meeting-form button[type=submit]").click()
    agenda = page.locator("#agenda-actions-caption").locator("xpath=ancestor::table")
    expect(agenda).to_contain_text("Belysning vid skolgården")
    expect(agenda).to_contain_text("Försenad")
    next_meeting = page.url

    owner_context, owner = _new_page(browser)
    log_in(owner, base, "hampus@bjuv.example")
    expect(owner.locator("#trygga-chefer-atgarder")).to_contain_text("Dina åtgärder från Trygga chefer (1)")
    owner.get_by_role("link", name="Belysning vid skolgården").click()
    owner.locator("select[name=status]").first.select_option("done")
    owner.get_by_role("button", name=re.compile("Spara")).first.click()
    expect(owner.locator(".flash--success")).to_contain_text("Klar")
    owner.goto(f"{base}/admin/")
    expect(owner.locator("main")).not_to_contain_text("Belysning vid skolgården")
    page.goto(next_meeting)
    expect(page.locator("main")).to_contain_text("Inga: alla tidigare åtgärder är klara.")
    owner_context.close()
    context.close()


def test_the_police_contact_reads_the_lagesbild_and_nothing_personal(app, live_server, page):
    demo(app)
    base = live_server.url
    log_in(page, base, "polis@example.se")
    expect(page.locator("main")).to_contain_text("läser lägesbilden och Trygga chefer")
    menu = page.locator("nav").all_inner_texts()
    assert not any("Anmälningar" in text for text in menu)
    page.goto(f"{base}/admin/lagesbild")
    expect(page.locator("h1")).to_have_text("Lägesbild")
    assert_accessible(page)
    page.goto(f"{base}/admin/trygga-chefer/")
    expect(page.locator("main")).to_contain_text("Öppna åtgärder")
    page.locator("#moten + ul a").first.click()
    expect(page.locator("#dagordning")).to_be_visible()
    assert page.locator("#minutes-form").count() == 0  # reads, never writes
    for url in ("/admin/rapporter", "/admin/promenader/", "/admin/export"):
        response = page.goto(f"{base}{url}")
        assert response.status == 403, url


def test_a_template_fills_a_public_reply_without_javascript(app, live_server, page_without_js, make_report):
    create_with_cli(app, "sam@bjuv.example", "Sam Samordnare", "coordinator")
    report_id, _token = make_report(category="klotter", place="Skateparken")
    base = live_server.url
    page = page_without_js
    log_in(page, base, "sam@bjuv.example", check=False)
    page.goto(f"{base}/admin/svarsmallar/ny")
    page.locator("#title").fill("Klotter sanerat")
    page.locator("#category").select_option(label="Klotter")
    page.locator("#body").fill("Klottret vid {plats} är borttaget ({ärendenummer}).")
    page.locator("#template-form button[type=submit]").click()
    page.goto(f"{base}/admin/rapporter/{report_id}")
    page.locator("#mall").select_option(label="Klotter sanerat")
    page.get_by_role("button", name="Använd mallen").click()
    reply = page.locator("#svara-message")
    expect(reply).to_have_value(re.compile(r"^Klottret vid Skateparken är borttaget \(TR-\d{4}-\d+\)\.$"))
    page.get_by_role("button", name="Publicera svaret").click()
    expect(page.locator(".flash--success")).to_be_visible()
    page.goto(f"{base}/rapporter/{report_id}")


def test_a_message_reaches_every_walker_through_the_smtp_server(app, live_server, page, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    create_with_cli(app, "sam@bjuv.example", "Sam Samordnare", "coordinator")
    slot_id = make_slot(app, days=4, capacity=2)
    walkers = [f"vandrare{n}@example.se" for n in range(3)]
    with app.test_request_context():
        for email in walkers:
            signup_services.sign_up(slot_id, "Vandrare", email, None, False)
        db.session.commit()
        deliver_pending()
    smtp_server.messages.clear()
    base = live_server.url
    log_in(page, base, "sam@bjuv.example")
    page.goto(f"{base}/admin/promenader/{slot_id}")
    page.get_by_role("link", name="Meddelande till alla på promenaden").click()
    expect(page.locator("main")).to_contain_text("Det går till 3 deltagare")
    page.locator("#subject").fill("Ny mötesplats")
    page.locator("#body").fill("Vi ses vid biblioteket.")
    page.locator("#message-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_contain_text("på väg till 3 deltagare")
    with app.app_context():
        deliver_pending()
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
            OutboxMessage.sent_at.is_(None))) == 0
    assert sorted(m["To"] for m in smtp_server.messages) == walkers
    assert all("Vi ses vid biblioteket." in m.get_body(preferencelist=("plain",)).get_content()
               for m in smtp_server.messages)
