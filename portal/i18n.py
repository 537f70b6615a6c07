"""The residents' languages: one list in the settings, URLs under /<code>/, and the locale
each request, mail and feed is made in.

Swedish lives at the root (`/rapportera`); every other enabled language under its code
(`/en/rapportera`, `/ar/promenader/12`). `LanguagePrefix`, a small WSGI middleware, moves
a leading `/<code>` from PATH_INFO to SCRIPT_NAME and notes the language in the environ,
so that every `url_for` in every template, redirect and mail built during that request
carries the prefix without any template knowing of it. It also:
- sends `/sv/…` to `/…` (301) and `?lang=en` to `/en/…` (302);
- sends staff pages under a prefix (`/en/admin/…`) to the Swedish address: staff work in
  Swedish;
- notes, on a Swedish page, which other enabled language the browser prefers
  (Accept-Language), for the banner "Read this page in English"; never a redirect. The
  public page cache keys on that note, and the response says `Vary: Accept-Language`.
An unknown prefix (`/xx/…`) is left alone and matches no rule: 404.

Static files keep their unprefixed URLs (`url_for('static')` strips the prefix).

Outside a request (the mail sender, walk reminders) `in_language(locale)` renders a mail
in the resident's language, and `absolute_url` builds links into that language's URLs.
"""
from contextlib import contextmanager
from urllib.parse import parse_qsl, quote, urlencode

from babel import Locale, UnknownLocaleError
from flask import current_app, g, has_request_context, request
from flask_babel import force_locale, get_locale, gettext
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

ENVIRON_KEY = "portal.language"
BANNER_KEY = "portal.banner"
SWEDISH = {"code": "sv", "locale": "sv", "tag": "sv", "name": "Svenska", "dir": "ltr"}
# Paths that are never in another language: staff pages, the health check, static files,
# and content that exists only in Swedish (lättläst) or in the minority languages.
UNPREFIXED = ("/admin", "/healthz", "/static/", "/lattlast/", "/nationella-minoriteter")


class Language:
    """One entry of LANGUAGES: URL code, Babel locale, BCP 47 tag, native name, direction."""

    def __init__(self, code, locale, tag, name, dir="ltr"):
        self.code, self.locale, self.tag, self.name, self.dir = code, locale, tag, name, dir

    @property
    def is_default(self):
        return self.code == "sv"

    def __repr__(self):
        return f"Language({self.code!r})"


def parse_languages(entries):
    """The Language objects for the LANGUAGES setting, Swedish first and always there.

    A Babel locale that Babel cannot parse, a tag written as a locale (`fa_AF`), a code
    that is not a URL segment or a direction other than ltr/rtl stops the app here, with
    a message that names the entry."""
    languages, seen = [], set()
    for entry in [SWEDISH, *[e for e in entries if e.get("code") != "sv"]]:
        try:
            language = Language(entry["code"], entry["locale"], entry["tag"], entry["name"],
                                entry.get("dir", "ltr"))
        except (KeyError, TypeError) as error:
            raise RuntimeError(f"LANGUAGES: each entry needs code, locale, tag and name: {entry!r}") from error
        try:
            Locale.parse(language.locale)
        except (UnknownLocaleError, ValueError, TypeError) as error:
            raise RuntimeError(
                f"LANGUAGES: Babel does not know the locale {language.locale!r} of language "
                f"{language.code!r} ({error}); use a locale such as 'en', 'ar' or 'fa_AF'."
            ) from error
        if "_" in language.tag or not language.tag:
            raise RuntimeError(f"LANGUAGES: {language.tag!r} is not a BCP 47 tag (write fa-AF, not fa_AF).")
        if not language.code.isascii() or not language.code.replace("-", "").isalnum() \
                or language.code != language.code.lower():
            raise RuntimeError(f"LANGUAGES: the URL code {language.code!r} must be lower-case letters.")
        if language.dir not in ("ltr", "rtl"):
            raise RuntimeError(f"LANGUAGES: the direction of {language.code!r} must be ltr or rtl.")
        if language.code in seen:
            raise RuntimeError(f"LANGUAGES: the code {language.code!r} is there twice.")
        seen.add(language.code)
        languages.append(language)
    return languages


def languages():
    """The enabled languages, Swedish first."""
    return current_app.extensions["languages"]


def by_code(code):
    return next((language for language in languages() if language.code == code), None)


def for_locale(locale):
    """The language of a stored locale ("sv", "en", "ar"); Swedish for one not enabled."""
    value = str(locale or "sv")
    return next((lang for lang in languages() if lang.locale == value or lang.code == value),
                languages()[0])


def current():
    """The language of this request or of the mail being rendered."""
    return for_locale(get_locale())


def current_locale_code():
    """What a new report, sign-up or walk report stores as its `locale`."""
    return current().locale


@contextmanager
def in_language(locale):
    """Render (a mail) in the language of `locale`: gettext, formats and absolute_url."""
    language = for_locale(locale)
    previous = g.get("portal_language")
    with force_locale(language.locale):
        g.portal_language = language
        try:
            yield language
        finally:
            g.portal_language = previous


def select_locale():
    """Flask-Babel's locale selector: the language of the URL prefix, else Swedish."""
    if has_request_context():
        code = request.environ.get(ENVIRON_KEY)
        language = by_code(code) if code else None
        if language is not None:
            return language.locale
    return "sv"


def url_prefix(language=None):
    """"" for Swedish, "/en" for English."""
    language = language or current()
    return "" if language.is_default else f"/{language.code}"


def localized_path(path, language):
    """A Swedish path in `language`: "/rapportera" → "/en/rapportera"; staff paths unchanged."""
    if language.is_default or path.startswith(UNPREFIXED):
        return path
    return f"/{language.code}{path}"


def absolute_url(endpoint, _language=None, **values):
    """An absolute link from PUBLIC_BASE_URL (never the request's Host) in `_language`, or
    in the language being rendered: a mail in Arabic links to /ar/…."""
    path = current_app.url_map.bind("").build(endpoint, values)
    language = _language or g.get("portal_language") or current()
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + localized_path(path, language)


def alternates():
    """Every language's version of this page: [(language, absolute URL)], for hreflang
    links and the switcher; the query string kept."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    path = quote(request.environ.get("PATH_INFO") or "/", safe="/:@!$&'()*+,;=-._~")
    query = request.query_string.decode("latin-1")
    suffix = f"?{query}" if query else ""
    return [(language, base + localized_path(path, language) + suffix) for language in languages()]


def preferred_other(environ, enabled):
    """The enabled non-Swedish language the browser prefers over Swedish, or None."""
    header = environ.get("HTTP_ACCEPT_LANGUAGE")
    if not header or len(header) > 500:
        return None
    accept = parse_accept_header(header, LanguageAccept)
    best = accept.best_match([language.tag for language in enabled] + [language.code for language in enabled])
    if not best:
        return None
    language = next((lang for lang in enabled if best in (lang.tag, lang.code)), None)
    return None if language is None or language.is_default else language


class LanguagePrefix:
    """The middleware described in the module's docstring."""

    def __init__(self, wsgi_app, enabled):
        self.wsgi_app = wsgi_app
        self.enabled = enabled
        self.codes = {language.code: language for language in enabled if not language.is_default}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        query = environ.get("QUERY_STRING", "")
        first, _slash, rest = path[1:].partition("/")
        rest = "/" + rest
        if first == "sv" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return self._redirect(environ, start_response, rest, query, "301 Moved Permanently")
        language = self.codes.get(first)
        if language is not None and rest.startswith(UNPREFIXED) \
                and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return self._redirect(environ, start_response, rest, query, "302 Found")
        if "lang=" in query and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            pairs = parse_qsl(query, keep_blank_values=True)
            wanted = next((value for key, value in pairs if key == "lang"), None)
            target = self.codes.get(wanted) if wanted != "sv" else None
            if wanted == "sv" or target is not None:
                bare = rest if language is not None else path
                new_path = bare if target is None else f"/{target.code}{bare}"
                remaining = urlencode([(k, v) for k, v in pairs if k != "lang"])
                return self._redirect(environ, start_response, new_path, remaining, "302 Found")
        if language is not None:
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + "/" + first
            environ["PATH_INFO"] = rest
            environ[ENVIRON_KEY] = language.code
            return self.wsgi_app(environ, start_response)
        banner = preferred_other(environ, self.enabled)
        environ[BANNER_KEY] = banner.code if banner else ""

        def vary(status, headers, exc_info=None):
            if not path.startswith(UNPREFIXED):
                headers = _add_vary(headers)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, vary)

    @staticmethod
    def _redirect(environ, start_response, path, query, status):
        script = environ.get("SCRIPT_NAME", "").rstrip("/")
        # One leading slash: "//evil.example" would send the visitor to another site.
        path = "/" + path.lstrip("/\\")
        location = quote(script + path, safe="/:@!$&'()*+,;=-._~%") + (f"?{query}" if query else "")
        start_response(status, [("Location", location), ("Content-Type", "text/plain; charset=utf-8"),
                                ("Content-Length", "0"), ("Cache-Control", "no-store")])
        return [b""]


def _add_vary(headers):
    headers = list(headers)
    for index, (name, value) in enumerate(headers):
        if name.lower() == "vary":
            if "accept-language" not in value.lower():
                headers[index] = (name, f"{value}, Accept-Language")
            return headers
    headers.append(("Vary", "Accept-Language"))
    return headers


def banner():
    """On a Swedish page, for a browser that prefers another enabled language: that
    language, the offer in it ("Read this page in English") and this page's URL in it."""
    if not has_request_context() or request.environ.get(ENVIRON_KEY):
        return None
    if request.path.startswith(UNPREFIXED):
        return None
    language = by_code(request.environ.get(BANNER_KEY) or None)
    if language is None:
        return None
    with in_language(language.locale):
        # Translators: in each catalogue, offer the page in that catalogue's own language.
        text = gettext("Read this page in English")
    url = dict((lang.code, url) for lang, url in alternates())[language.code]
    return {"language": language, "text": text, "url": url}


def init_app(app):
    """Read LANGUAGES (stops the app on a bad entry) and set the locale selector."""
    app.extensions["languages"] = parse_languages(app.config["LANGUAGES"])


def wrap(app):
    """Put the prefix middleware in front of the app (after the page cache, so that the
    cache sees the stripped path, the prefix and the banner language)."""
    app.wsgi_app = LanguagePrefix(app.wsgi_app, app.extensions["languages"])

    class Request(app.request_class):
        """`request.full_path` with the language prefix: every form posts back to
        `action="{{ request.full_path|trim('?') }}"`, which must stay in its language.
        (`request.path` stays the path inside the language, as routes compare it.)"""

        @property
        def full_path(self):
            return self.script_root + super().full_path

    app.request_class = Request
    original = app.url_for

    def url_for(endpoint, **values):
        """Static files, staff pages and Swedish-only pages never under a language prefix."""
        url = original(endpoint, **values)
        code = request.environ.get(ENVIRON_KEY) if has_request_context() else None
        if code:
            for path in UNPREFIXED:
                if f"/{code}{path}" in url:
                    return url.replace(f"/{code}{path}", path, 1)
        return url

    app.url_for = url_for
    app.jinja_env.globals["url_for"] = url_for  # the environment kept the original
