"""Staff sign-in in a real browser: a coordinator enrols a second factor with a code computed
from the key on the page, signs out and in with password and code, uses a recovery code once,
and ends another sign-in whose cookie then stops working; a handler signs in through the
local OpenID provider and lands on the desk as a handler; a person without an account is
refused in Swedish."""
import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _new_page, assert_accessible
from tests.conftest import STAFF_PASSWORD
from tests.oidc import oidc_provider, oidc_settings  # noqa: F401

COORDINATOR = "samordnare@bjuv.example"


@pytest.fixture
def app_config(app_config, oidc_provider):  # noqa: F811
    return {**app_config, **oidc_settings(oidc_provider), "STAFF_TWO_FACTOR_ROLES": ["coordinator", "handler"]}


def password_step(page, base, email):
    page.goto(f"{base}/admin/logga-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()


def enter_code(page, code):
    page.locator("#code").fill(code)
    page.locator("main form button[type=submit]").click()


def log_out(page):
    page.locator("nav form button").click()
    expect(page).to_have_url(re.compile(r"/admin/logga-in$"))


def test_a_coordinator_enrols_signs_in_with_a_code_and_ends_another_session(app, live_server, browser, make_user):
    make_user("coordinator", email=COORDINATOR, name="Cora Samordnare")
    base = live_server.url
    context, page = _new_page(browser)

    # Enrolment: the password alone leads to the enrolment page, nowhere else.
    password_step(page, base, COORDINATOR)
    expect(page).to_have_url(re.compile(r"/admin/logga-in/aktivera$"))
    expect(page.locator("h1")).to_have_text("Slå på tvåstegsverifiering")
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    enter_code(page, "000000" if totp.now() != "000000" else "111111")
    expect(page.locator(".field--error")).to_contain_text("Koden stämmer inte")
    assert_accessible(page)
    enter_code(page, totp.now())
    expect(page.locator("h1")).to_have_text("Dina reservkoder")
    assert_accessible(page)
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    log_out(page)

    # Password, then a code from the app (the next time step: the first one is spent).
    password_step(page, base, COORDINATOR)
    expect(page).to_have_url(re.compile(r"/admin/logga-in/kod$"))
    assert_accessible(page)
    enter_code(page, totp.at(time.time() + 30))
    expect(page).to_have_url(re.compile(r"/admin/$"))
    log_out(page)

    # A recovery code works once.
    password_step(page, base, COORDINATOR)
    enter_code(page, codes[0])
    expect(page).to_have_url(re.compile(r"/admin/$"))
    log_out(page)
    password_step(page, base, COORDINATOR)
    enter_code(page, codes[0])
    expect(page.locator(".field--error")).to_contain_text("Koden stämmer inte eller har redan använts")
    assert_accessible(page)
    enter_code(page, codes[1])
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A second browser signs in; the first ends that sign-in from "Mina inloggningar".
    other_context, other = _new_page(browser)
    password_step(other, base, COORDINATOR)
    enter_code(other, codes[2])
    expect(other).to_have_url(re.compile(r"/admin/$"))
    stolen = other_context.cookies()
    page.get_by_role("link", name="Mina inloggningar").click()
    assert_accessible(page)
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("(den här webbläsaren)")
    rows.filter(has_not_text="(den här webbläsaren)").get_by_role("button").click()
    expect(page.locator(".flash--success")).to_contain_text("Inloggningen har avslutats")
    expect(page.locator("tbody tr")).to_have_count(1)
    other.goto(f"{base}/admin/")
    expect(other).to_have_url(re.compile(r"/admin/logga-in"))
    # A copy of that cookie in a third browser does not work either.
    third_context, third = _new_page(browser)
    third_context.add_cookies(stolen)
    third.goto(f"{base}/admin/rapporter")
    expect(third).to_have_url(re.compile(r"/admin/logga-in"))
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for each in (third_context, other_context, context):
        each.close()


def sign_in_at_provider(page, base, login):
    page.goto(f"{base}/admin/logga-in")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med ditt konto i kommunen").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()  # the provider's consent: Continue


def test_a_handler_signs_in_through_the_municipalitys_provider(app, live_server, browser, make_user):
    make_user("handler", email="hanna.handlaggare@bjuv.example", name="Hanna Handläggare", departments=["skola"])
    context, page = _new_page(browser)
    sign_in_at_provider(page, live_server.url, "hanna")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("nav")).to_contain_text("Logga ut Hanna Handläggare")
    expect(page.locator("nav")).not_to_contain_text("Användare")  # the handler's menu, not the coordinator's
    assert_accessible(page)
    assert page.goto(f"{live_server.url}/admin/anvandare").status == 403
    context.close()


def test_a_person_without_an_account_is_refused_in_swedish(app, live_server, browser):
    context, page = _new_page(browser)
    sign_in_at_provider(page, live_server.url, "okand")
    expect(page.locator("h1")).to_have_text("Du kunde inte loggas in")
    expect(page.locator("#sso-refusal")).to_contain_text(
        "Du är inloggad i kommunen som okand.person@bjuv.example, men det finns inget personalkonto i "
        "Trygghetsportalen för den adressen. Be trygghetssamordnaren att lägga upp ett konto åt dig.")
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/logga-in"))
    context.close()
