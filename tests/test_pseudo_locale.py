"""The pseudo-locale test: every public page of the realistic municipality rendered in a
made-up language whose every msgstr is ⟦the msgid⟧. Visible text outside ⟦…⟧ is either
data (a news title, a place, a category in Swedish marked lang="sv", a case number in
<bdi>) or a string that never went through gettext: a literal text in a template, or an
English sentence from the code. The test finds the latter."""
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from lxml import html as lxml_html

from portal import create_app
from portal.extensions import db
from portal.languages import catalogues
from tests.conftest import TEST_SETTINGS
from tests.crawl import build_visits

ROOT = Path(__file__).resolve().parent.parent
PSEUDO = {"code": "eo", "locale": "eo", "tag": "eo", "name": "Pseŭdo", "dir": "ltr"}
SKIPPED_TAGS = {"script", "style", "noscript", "bdi", "time", "code", "pre", "option"}
ENGLISH = re.compile(r"\b(the|and|your|you|with|this|from|for|have|has|was|were|will|not|"
                     r"are|is|of|to|in|on|at|by)\b", re.IGNORECASE)
# Text that is the same in every language: names and symbols, not sentences.
SAME_EVERYWHERE = re.compile(r"^[\s\d\W]*$|^(Trygghetsportalen|RSS|Atom|CSV|OpenStreetMap|Leaflet|"
                             r"Svenska|English|العربية|Pseŭdo|ICS)$")


@pytest.fixture(scope="module")
def pseudo_app(municipality, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudo-translations")
    catalog = catalogues.read("en")
    catalog.locale = "eo"
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = tuple(f"⟦{part}⟧" for part in message.id)
        else:
            message.string = f"⟦{message.id}⟧"
    (folder / "eo" / "LC_MESSAGES").mkdir(parents=True)
    with open(folder / "eo" / "LC_MESSAGES" / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    config = municipality.app.config
    app = create_app({
        **TEST_SETTINGS,
        "SQLALCHEMY_DATABASE_URI": config["SQLALCHEMY_DATABASE_URI"],
        "UPLOAD_FOLDER": config["UPLOAD_FOLDER"],
        "PAGE_CACHE_SECONDS": 0,
        "LANGUAGES": [*config["LANGUAGES"], PSEUDO],
        "BABEL_TRANSLATION_DIRECTORIES": f"{ROOT / 'translations'};{folder}",
    })
    yield app
    with app.app_context():
        db.engine.dispose()


def template_literals():
    """Text written straight into the HTML templates (outside {{ }} and {% %})."""
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        source = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", "\x00", path.read_text(), flags=re.S)
        for chunk in re.findall(r">([^<>]+)<", source):
            for part in chunk.split("\x00"):
                text = " ".join(part.split())
                if len(text) > 2 and re.search(r"[A-Za-z]{3}", text):
                    found.add(text)
    return found


def is_data(element):
    """An element holding data, not interface text: another language marked with lang
    (Swedish fallbacks, the minority languages), residents' text (dir=auto), or one the
    check skips (scripts, case numbers in <bdi>, times)."""
    return (element.tag in SKIPPED_TAGS or element.get("dir") == "auto"
            or (element.get("lang") is not None and element.tag != "html"))


def visible_texts(body):
    """What a reader sees outside ⟦…⟧, in pieces: the body's text with data elements
    left out (a translated sentence may hold a <strong> or a link, so the text is read
    whole), and the attributes read aloud."""
    for element in list(body.iter()):
        if isinstance(element.tag, str) and is_data(element) and element.getparent() is not None:
            element.drop_tree()
    pieces = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("alt", "aria-label", "title", "placeholder"):
            if element.get(attribute):
                pieces.append(element.get(attribute))
    pieces.append(body.text_content())
    for piece in pieces:
        for part in re.sub(r"⟦.*?⟧", "\n", piece, flags=re.S).split("\n"):
            text = " ".join(part.split()).strip(" .,:;–-·()|/!?")
            if text:
                yield text


def test_no_public_page_shows_a_string_that_skipped_gettext(municipality, pseudo_app):
    with municipality.app.app_context():
        visits = build_visits(municipality)
    urls = sorted({visit.url for visit in visits if visit.role == "visitor" and visit.method == "GET"
                   and visit.status == 200 and not visit.url.startswith(("/ar/", "/admin", "/healthz",
                                                                         "/lattlast/", "/nationella"))})
    literals = template_literals()
    client = pseudo_app.test_client()
    problems, pages = [], 0
    for url in urls:
        with client.get("/eo" + url) as response:
            if response.status_code != 200 or not response.content_type.startswith("text/html"):
                continue
            body = response.get_data(as_text=True)
        pages += 1
        doc = lxml_html.fromstring(body)
        assert doc.getroottree().getroot().get("lang") == "eo"
        for text in visible_texts(doc.body):
            if SAME_EVERYWHERE.match(text):
                continue
            if text in literals or len(ENGLISH.findall(text)) >= 2:
                problems.append(f"/eo{url}: {text!r}")
    assert pages > 20
    assert problems == [], f"{len(problems)} untranslated strings:\n" + "\n".join(sorted(set(problems))[:60])
