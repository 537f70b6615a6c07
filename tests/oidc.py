"""A real OpenID Connect provider for the tests: tests/oidc_provider.mjs (oidc-provider from
npm) started on a free port, and a small driver that signs a person in at it the way a
browser would, for tests that use Flask's test client."""
import json
import re
import subprocess
import time
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "trygghetsportalen"
CLIENT_SECRET = "a-client-secret-for-the-tests-only-0123456789"
# Login names at the provider → who they are there.
PEOPLE = {
    "hanna": {"email": "Hanna.Handlaggare@bjuv.example", "name": "Hanna Handläggare",
              "roles": ["Trygghet.Handlaggare"]},
    "sara": {"email": "samordnare@bjuv.example", "name": "Sara Samordnare", "roles": ["Trygghet.Samordnare"]},
    "okand": {"email": "okand.person@bjuv.example", "name": "Olle Okänd", "roles": ["Trygghet.Handlaggare"]},
    "utan-roll": {"email": "utan.roll@bjuv.example", "name": "Ulla Utan Roll", "roles": []},
}
ROLE_MAP = {"Trygghet.Samordnare": "coordinator", "Trygghet.Handlaggare": "handler",
            "Trygghet.Redaktor": "editor"}


@pytest.fixture(scope="session")
def oidc_provider(http_server):
    """The provider, for the session: its redirect URI is the live server's callback."""
    port = free_port()
    settings = {"port": port, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "redirect_uri": f"{http_server.url}/admin/logga-in/sso/svar", "people": PEOPLE}
    process = subprocess.Popen(
        ["node", str(ROOT / "tests" / "oidc_provider.mjs")], cwd=ROOT,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "OIDC_TEST_CONFIG": json.dumps(settings)},
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("ready "):
            pytest.fail(f"the OpenID provider did not start: {line!r} (run `make setup` for node_modules)")
        issuer = line.split()[1]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.1)
        yield SimpleNamespace(issuer=issuer, redirect_uri=settings["redirect_uri"], base=http_server.url)
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()


def oidc_settings(provider, **overrides):
    return {"OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ROLE_CLAIM": "roles", "OIDC_ROLE_MAP": ROLE_MAP, "PUBLIC_BASE_URL": provider.base,
            **overrides}


def _form(page_html, base):
    action = re.search(r'<form[^>]*action="([^"]+)"', page_html).group(1)
    fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_html))
    return urljoin(base, unescape(action)), fields


def sign_in_at_provider(client, login):
    """Start single sign-on with the Flask test client, sign in as `login` at the provider
    (its login form, then its consent form), and return the callback's response."""
    start = client.get("/admin/logga-in/sso")
    assert start.status_code == 302, start.status_code
    with requests.Session() as browser:
        return _follow(client, browser, start.headers["Location"], login)


def _follow(client, browser, url, login):
    for _hop in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
        else:
            action, fields = _form(response.text, url)
            if 'name="login"' in response.text:
                fields.update(login=login, password="whatever")
            response = browser.post(action, data=fields, allow_redirects=False, timeout=10)
            url = urljoin(action, response.headers["Location"])
        if "/admin/logga-in/sso/svar" in url:
            parts = urlsplit(url)
            return client.get(f"{parts.path}?{parts.query}")
    raise AssertionError("the provider never sent the browser back")
