"""Evening walks in a real browser: a resident signs up without JavaScript (and with the
keyboard only), gets the mail with the calendar file and the cancel link over SMTP and
cancels; a full walk puts the next resident on the waiting list, who is promoted and mailed
when someone cancels; the coordinator creates a series and cancels one evening. axe-core
checks every public and staff page of the feature, error states included."""
import re
from datetime import timedelta

from icalendar import Calendar
from playwright.sync_api import expect

from portal.extensions import db
from portal.mail.services import deliver_pending
from portal.timeutil import to_local
from portal.walks import signups as signup_services
from portal.walks import tokens
from portal.walks.models import SignupStatus, WalkReport, WalkSignup, WalkSlot
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.keyboard import tab_to
from tests.browser.test_desk_flow import create_with_cli, log_in
from tests.walk_helpers import local_today, make_slot, move_slot

RESIDENT = ("Ebba Exempelsson", "ebba.exempel@example.se", "070-555 12 34")


def use_mail(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)


def deliver(app):
    with app.app_context():
        deliver_pending()


def add_walker(app, slot_id, email, name="Walker"):
    """A sign-up through the service, as if someone else used the form; returns its token."""
    with app.app_context():
        signup = signup_services.sign_up(slot_id, name, email, None, False)
        db.session.commit()
        return tokens.make("signup", signup.link_key)


def token_for(app, email):
    """The private link's token, as the walker's mail carries it."""
    with app.app_context():
        key = db.session.scalar(db.select(WalkSignup.link_key).where(WalkSignup.email == email))
        return tokens.make("signup", key)


def status_of(app, email):
    with app.app_context():
        return db.session.scalar(db.select(WalkSignup.status).where(WalkSignup.email == email))


def fill_sign_up(page, name, email, phone=""):
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#phone").fill(phone)
    page.locator("#is_first_walk-0").check()
    page.locator("#confirm_age").check()
    page.locator("#accept_rules").check()
    page.locator("#signup-form button[type=submit]").click()


def mail_to(smtp_server, address):
    return [m for m in smtp_server.messages if m["To"] == address]


def test_a_resident_signs_up_without_javascript_gets_the_mail_and_cancels(app, live_server, page_without_js, smtp_server):
    use_mail(app, smtp_server)
    slot_id = make_slot(app, days=4)
    page = page_without_js
    name, email, phone = RESIDENT
    page.goto(f"{live_server.url}/promenader")
    page.locator(f"a[href='/promenader/{slot_id}']").click()
    fill_sign_up(page, name, email, phone)
    # The same answer for every address: the private links go only to the mailbox.
    expect(page).to_have_url(f"{live_server.url}/promenader/{slot_id}/tack")
    expect(page.locator("h1")).to_have_text("Titta i din e-post")
    assert "/promenader/anmalan/" not in page.content()
    assert status_of(app, email) is SignupStatus.CONFIRMED

    deliver(app)
    (message,) = mail_to(smtp_server, email)
    body = message.get_body(preferencelist=("plain",)).get_content()
    cancel_url = re.search(rf"{re.escape(live_server.url)}/promenader/avboka/\S+", body).group(0)
    (ics,) = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    (event,) = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
    assert event.decoded("DTSTART").strftime("%H:%M") == "19:00"
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Stockholm"

    page.goto(cancel_url)
    page.locator("#cancel-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert status_of(app, email) is SignupStatus.CANCELLED
    # Nobody else can see who walks.
    page.goto(f"{live_server.url}/promenader/{slot_id}")
    for secret in RESIDENT:
        assert secret not in page.content()


def test_signing_up_with_the_keyboard_only(app, live_server, page):
    slot_id = make_slot(app, days=4)
    page.goto(f"{live_server.url}/promenader/{slot_id}")
    tab_to(page, "#name")
    page.keyboard.type("Kalle Tangent")
    tab_to(page, "#email")
    page.keyboard.type("kalle@example.se")
    tab_to(page, "#is_first_walk-0")
    page.keyboard.press("Space")
    tab_to(page, "#confirm_age")
    page.keyboard.press("Space")
    tab_to(page, "#accept_rules")
    page.keyboard.press("Space")
    tab_to(page, "#signup-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/promenader/\d+/tack"))
    assert status_of(app, "kalle@example.se") is SignupStatus.CONFIRMED


def test_mistakes_are_summarised_focused_and_nothing_is_saved(app, live_server, page):
    slot_id = make_slot(app, days=4)
    page.goto(f"{live_server.url}/promenader/{slot_id}")
    page.locator("#name").fill("Utan Ålder")
    page.locator("#email").fill("inte-en-adress")
    page.locator("#signup-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fel:")
    expect(page.locator("#name")).to_have_value("Utan Ålder")
    for field in ("email", "is_first_walk", "confirm_age", "accept_rules"):
        expect(page.locator(f"#{field}-error")).to_be_visible()
    assert_accessible(page)
    summary.locator("a[href='#email']").click()
    expect(page.locator("#email")).to_be_focused()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(WalkSignup.id))) == 0


def test_a_full_walk_puts_the_next_on_the_waiting_list_who_is_promoted_and_mailed(app, live_server, browser, smtp_server):
    use_mail(app, smtp_server)
    slot_id = make_slot(app, days=4, capacity=2)
    first = add_walker(app, slot_id, "forst@example.se")
    add_walker(app, slot_id, "andra@example.se")
    context, page = _new_page(browser)
    page.goto(f"{live_server.url}/promenader")
    expect(page.locator(f"a[href='/promenader/{slot_id}']")).to_be_visible()
    page.goto(f"{live_server.url}/promenader/{slot_id}")
    assert_accessible(page)
    fill_sign_up(page, "Wilma Väntare", "wilma@example.se")
    expect(page).to_have_url(re.compile(r"/promenader/\d+/tack"))
    assert_accessible(page)
    assert status_of(app, "wilma@example.se") is SignupStatus.WAITING
    page.goto(f"{live_server.url}/promenader/anmalan/{token_for(app, 'wilma@example.se')}")  # from her mail
    expect(page.locator("main")).to_contain_text("1")
    assert_accessible(page)

    page.goto(f"{live_server.url}/promenader/avboka/{first}")
    assert_accessible(page)
    page.locator("#cancel-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert status_of(app, "wilma@example.se") is SignupStatus.CONFIRMED

    deliver(app)
    promoted = [m for m in mail_to(smtp_server, "wilma@example.se")]
    assert len(promoted) == 2  # waiting list, then the place
    body = promoted[-1].get_body(preferencelist=("plain",)).get_content()
    own_cancel = re.search(rf"{re.escape(live_server.url)}/promenader/avboka/\S+", body).group(0)
    assert own_cancel != f"{live_server.url}/promenader/avboka/{first}"
    assert any(p.get_content_type() == "text/calendar" for p in promoted[-1].iter_attachments())
    page.goto(own_cancel)
    expect(page.locator("#cancel-form")).to_be_visible()
    context.close()


def test_the_coordinator_creates_a_series_and_cancels_one_evening(app, live_server, browser, smtp_server):
    use_mail(app, smtp_server)
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    context, page = _new_page(browser)
    base = live_server.url
    log_in(page, base, "samordnare@bjuv.example")
    page.locator("nav a[href='/admin/promenader/']").click()
    assert_accessible(page)
    page.locator("a[href='/admin/promenader/serie']").click()
    assert_accessible(page)

    first = local_today() + timedelta(days=1)
    last = first + timedelta(days=27)
    page.locator("#first_date").fill(first.isoformat())
    page.locator("#last_date").fill(last.isoformat())
    page.locator("#meeting_point").fill("Torget vid fontänen")
    page.locator("#area").select_option("Bjuv")
    page.locator("#series-form button[type=submit]").click()  # no weekday yet
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#weekdays-error")).to_be_visible()
    expect(page.locator("#meeting_point")).to_have_value("Torget vid fontänen")
    assert_accessible(page)

    page.locator("#weekdays-4").check()  # Friday
    page.locator("#weekdays-5").check()  # Saturday
    page.locator("#series-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert_accessible(page)
    with app.app_context():
        made = db.session.scalars(db.select(WalkSlot).order_by(WalkSlot.starts_at)).all()
        assert len(made) == 8 and {to_local(s.starts_at).isoweekday() for s in made} == {5, 6}
        evening = made[2]
        evening_id, evening_date = evening.id, to_local(evening.starts_at).date()
    add_walker(app, evening_id, "walker@example.se")

    page.locator(f"a[href='/admin/promenader/{evening_id}']").first.click()
    assert_accessible(page)
    page.locator(f"a[href='/admin/promenader/{evening_id}/stall-in']").click()
    page.locator("#cancel-slot-form button[type=submit]").click()  # no reason
    expect(page.locator("#reason-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#reason").fill("Åskväder väntas.")
    page.locator("#cancel-slot-form button[type=submit]").click()
    expect(page.locator(".flash--success")).to_be_visible()
    with app.app_context():
        assert db.session.get(WalkSlot, evening_id).cancelled_at is not None
        assert db.session.scalar(db.select(db.func.count(WalkSlot.id)).where(WalkSlot.cancelled_at.is_(None))) == 7
    deliver(app)
    (mail,) = mail_to(smtp_server, "walker@example.se")[1:]
    assert "Åskväder väntas." in mail.get_body(preferencelist=("plain",)).get_content()

    page.goto(f"{base}/promenader")
    expect(page.locator(".walk-card--cancelled")).to_have_count(1)
    assert evening_date
    context.close()


def test_walk_pages_pass_axe(app, live_server, browser):
    create_with_cli(app, "samordnare@bjuv.example", "Sara Samordnare", "coordinator")
    base = live_server.url
    open_slot = make_slot(app, days=3, capacity=2, position=(56.084, 12.919))
    confirmed = add_walker(app, open_slot, "a@example.se", "Anna")
    add_walker(app, open_slot, "b@example.se", "Bo")
    waiting = add_walker(app, open_slot, "c@example.se", "Cecilia")
    past = make_slot(app, days=5)
    past_token = add_walker(app, past, "d@example.se", "David")
    move_slot(app, past, -timedelta(hours=5))
    with app.app_context():
        key = db.session.scalar(db.select(WalkSignup.link_key).where(WalkSignup.email == "d@example.se"))
        report_token = tokens.make("report", key)
        db.session.add(WalkReport(slot_id=past, areas_walked="Centrum", observations="Glaskross vid stationen."))
        db.session.commit()

    context, page = _new_page(browser)
    public = ["/promenader", f"/promenader/{open_slot}", f"/promenader/{past}",
              f"/promenader/anmalan/{confirmed}", f"/promenader/anmalan/{waiting}",
              f"/promenader/avboka/{confirmed}", f"/promenader/avboka/{past_token}",
              f"/promenader/rapport/{report_token}", "/promenader/avboka/falsk-lank"]
    for path in public:
        page.goto(base + path)
        assert_accessible(page)
    page.goto(f"{base}/promenader/rapport/{report_token}")
    page.locator("#youths_met").fill("många")
    page.locator("#walk-report-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)

    log_in(page, base, "samordnare@bjuv.example", check=False)
    staff = ["/admin/promenader/", "/admin/promenader/ny", "/admin/promenader/serie",
             f"/admin/promenader/{open_slot}", f"/admin/promenader/{open_slot}/andra",
             f"/admin/promenader/{open_slot}/stall-in", f"/admin/promenader/{past}"]
    for path in staff:
        page.goto(base + path)
        assert_accessible(page)
    page.goto(f"{base}/admin/promenader/ny")
    page.locator("#capacity").fill("99")
    page.locator("#end").fill("18:00")
    page.locator("#slot-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.goto(f"{base}/admin/promenader/{past}")
    page.locator("form[action$='/anmalan'] button[type=submit]").click()  # no category chosen
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    context.close()
