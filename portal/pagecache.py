"""Public pages served from memory to visitors without a session, until the data changes.

Residents never log in, so almost every request is a GET without a session cookie for a
page that is the same for everyone. This WSGI middleware keeps such responses (already
compressed, with their ETag) per address, query string and Accept-Encoding, and serves
them again without running the app: no session, no rate limiter, no database, no Jinja.

An entry is served only while nothing has changed:
- every commit that wrote anything, in any process on this machine (gunicorn workers,
  `flask` commands, the mail sender), moves the *generation*: the modification time of
  `instance/page-cache-generation`, or with PAGE_CACHE_URI a counter in Redis, which
  is what several hosts need;
- and at most PAGE_CACHE_SECONDS after it was made, for what changes with the clock
  alone (a walk that has started, news published at a set time, "this month").

Only what is the same for every visitor without a session is kept: status 200, no
Set-Cookie, nothing private or no-store, text types only. Staff pages (/admin) are never
kept, nor the API (/open311/), whose clients expect every answer fresh. The key is the
address (with its language prefix, portal/i18n.py), the query, Accept-Encoding and the
language the banner on a Swedish page offers (from Accept-Language): a page that comes to
depend on another request header must add it to
the key in PageCache.__call__. One exception: a page with a form (the report form, a walk's sign-up) is the same
for everyone but its CSRF token, which lives in a new session. Such a page is kept with
the token cut out; each visitor gets a fresh token and session cookie, made exactly as
Flask-WTF and Flask make them, and the page is compressed again for them.
"""
import gzip
import hashlib
import hmac
import json
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from pathlib import Path

import brotli
from itsdangerous import BadData, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes
from sqlalchemy import event
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)

KEPT_TYPES = ("text/html", "application/rss+xml", "application/atom+xml",
              "application/json", "text/calendar", "application/xml", "text/xml")
MAX_BODY_BYTES = 512 * 1024
# Statements that never change data; anything else marks the transaction as a write.
READ_ONLY = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SHOW", "SET ")
# What else a new visitor's session may hold for their form page to be kept (Flask-Login
# marks a session without a user as not fresh).
ANONYMOUS_SESSION = {"_fresh": False}
SIGNED_VALUE = re.compile(rb'value="([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)"')
DROPPED_FOR_FORMS = {"set-cookie", "content-length", "content-encoding", "etag"}
# A form page is compressed again for every visitor: Brotli's quality 1 is about a third
# of the work of the pages' quality 4, for some 15 % more bytes (4.4 KB, not 3.8, for the
# report form).
FORM_BROTLI_QUALITY = 1


class FileGeneration:
    """The generation as a file's modification time: one stat() per request, shared by
    every process that uses the same instance folder."""

    def __init__(self, path):
        self.path = Path(path)
        self.local = 0  # moves at once in this process, whatever the file system's clock

    def current(self):
        try:
            return self.local, os.stat(self.path).st_mtime_ns
        except OSError:
            return self.local, 0

    def bump(self):
        self.local += 1
        try:
            self.path.touch()
            now = time.time_ns()
            previous = os.stat(self.path).st_mtime_ns
            os.utime(self.path, ns=(now, max(now, previous + 1)))
        except OSError as error:
            log.warning("page cache: could not mark a change (%s)", error)


class RedisGeneration:
    """The generation as a counter in Redis, for several hosts; if Redis fails, nothing is
    served from the cache (a miss is always correct)."""

    def __init__(self, url, key):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.errors = (redis.exceptions.RedisError, OSError)
        self.key = key

    def current(self):
        try:
            return self.client.get(self.key)
        except self.errors:
            return None

    def bump(self):
        try:
            self.client.incr(self.key)
        except self.errors as error:
            log.warning("page cache: could not mark a change in Redis (%s)", error)


class PageCache:
    """The middleware (see the module's docstring); `bump()` after a change."""

    def __init__(self, wsgi_app, generation, seconds, session_cookie, forms=None,
                 max_entries=256):
        self.wsgi_app = wsgi_app
        self.generation = generation
        self.seconds = seconds
        self.session_cookie = session_cookie + "="
        self.forms = forms  # a FormTokens, or None to never keep pages with a form
        self.max_entries = max_entries
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def bump(self):
        self.generation.bump()
        with self.lock:
            self.entries.clear()

    def __call__(self, environ, start_response):
        if (environ["REQUEST_METHOD"] != "GET"
                or self.session_cookie in environ.get("HTTP_COOKIE", "")
                or "HTTP_AUTHORIZATION" in environ
                or environ.get("PATH_INFO", "").startswith(("/admin", "/static/", "/open311/"))):
            return self.wsgi_app(environ, start_response)
        key = (
            environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
            environ.get("HTTP_X_FORWARDED_PROTO"), environ.get("HTTP_X_FORWARDED_HOST"),
            environ.get("SCRIPT_NAME"), environ.get("PATH_INFO"), environ.get("QUERY_STRING"),
            environ.get("HTTP_ACCEPT_ENCODING"), environ.get("portal.banner"),
        )
        generation = self.generation.current()
        if generation is not None:
            with self.lock:
                entry = self.entries.get(key)
            if entry is not None and entry[0] == generation and entry[1] > time.monotonic():
                return self._serve(entry, environ, start_response)
        return self._fill(key, generation, environ, start_response)

    def _serve(self, entry, environ, start_response):
        _generation, _expires, status, headers, body = entry
        if isinstance(body, FormPage):
            headers, body = body.for_new_visitor(headers, self.forms)
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            response = Response(body, status=status, headers=headers)
            return response.make_conditional(environ)(environ, start_response)
        start_response(status, list(headers))
        return [body]

    def _fill(self, key, generation, environ, start_response):
        seen = {}

        def remember_start(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, remember_start)
        status, headers = seen.get("status"), seen.get("headers", ())
        keepable = self._keepable(status, headers)
        with_form = keepable == "with a new session" and self.forms is not None
        if generation is None or not (keepable is True or with_form):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        kept = FormPage.cut(headers, body, self.forms) if with_form else body
        if kept is not None and len(body) <= MAX_BODY_BYTES:
            entry = (generation, time.monotonic() + self.seconds, status, tuple(headers), kept)
            with self.lock:
                self.entries[key] = entry
                self.entries.move_to_end(key)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
        return [body]

    def _keepable(self, status, headers):
        """True, False, or "with a new session" (the only cookie set is the session's)."""
        if not status or not status.startswith("200"):
            return False
        content_type, cookies = "", []
        for name, value in headers:
            lower = name.lower()
            if lower == "set-cookie":
                cookies.append(value)
            if lower == "cache-control" and ("private" in value or "no-store" in value):
                return False
            if lower == "content-type":
                content_type = value.split(";")[0].strip()
        if content_type not in KEPT_TYPES:
            return False
        if not cookies:
            return True
        if len(cookies) == 1 and cookies[0].startswith(self.session_cookie):
            return "with a new session"
        return False


class FormTokens:
    """CSRF tokens and session cookies as Flask-WTF and Flask's cookie sessions make them."""

    def __init__(self, app):
        self.field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        self.tokens = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
        self.sessions = app.session_interface.get_signing_serializer(app)
        self.cookie = app.config["SESSION_COOKIE_NAME"]
        self.sign_token, self.sign_session = QuickDumps(self.tokens), QuickDumps(self.sessions)
        self.brotli = {"quality": min(FORM_BROTLI_QUALITY, app.config["COMPRESS_BR_LEVEL"]),
                       "lgwin": app.config["COMPRESS_BR_WINDOW"]}
        self.gzip_level = app.config["COMPRESS_LEVEL"]

    def session_of(self, set_cookie):
        value = set_cookie.split(";", 1)[0].split("=", 1)[1].strip('"')
        try:
            return self.sessions.loads(value)
        except BadData:
            return None

    def new_visitor(self, rest):
        """A fresh raw token: its signed form for the page and the session cookie value."""
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        return self.sign_token(raw), self.sign_session({**rest, self.field: raw}).decode()


class QuickDumps:
    """serializer.dumps(value) for a plain JSON value (the token, the new visitor's
    session), with the signing key derived once per process instead of on every call: the
    same format, read by the serializer's loads() (and so by Flask-WTF and Flask), in a
    fifth of the time. The payload is left uncompressed, as itsdangerous leaves a payload
    that zlib does not make shorter (these never are)."""

    def __init__(self, serializer):
        signer = serializer.make_signer(serializer.salt)
        self.mac = hmac.new(signer.derive_key(), digestmod=signer.digest_method)
        self.sep = signer.sep.encode() if isinstance(signer.sep, str) else signer.sep

    def __call__(self, value):
        payload = base64_encode(json.dumps(value, separators=(",", ":")).encode())
        signed = payload + self.sep + base64_encode(int_to_bytes(int(time.time())))
        mac = self.mac.copy()
        mac.update(signed)
        return signed + self.sep + base64_encode(mac.digest())


class FormPage:
    """A page with a form, its CSRF token cut out, uncompressed, to be completed per visitor."""

    def __init__(self, parts, encoding, set_cookie, rest):
        self.parts, self.encoding, self.set_cookie, self.rest = parts, encoding, set_cookie, rest

    @classmethod
    def cut(cls, headers, body, forms):
        """The page without its token, if the new session holds nothing but that token."""
        set_cookie = next(value for name, value in headers if name.lower() == "set-cookie")
        session = forms.session_of(set_cookie)
        if not session or forms.field not in session:
            return None
        rest = {key: value for key, value in session.items() if key != forms.field}
        if any(ANONYMOUS_SESSION.get(key, object()) != value for key, value in rest.items()):
            return None
        encoding = next((value for name, value in headers
                         if name.lower() == "content-encoding"), None)
        html = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(body)
        for token in set(SIGNED_VALUE.findall(html)):
            try:
                if forms.tokens.loads(token.decode()) == session[forms.field]:
                    return cls(html.split(token), encoding, set_cookie, rest)
            except BadData:
                continue
        return None

    def for_new_visitor(self, headers, forms):
        token, cookie = forms.new_visitor(self.rest)
        body = token.join(self.parts)
        if self.encoding == "br":
            body = brotli.compress(body, mode=brotli.MODE_TEXT, **forms.brotli)
        elif self.encoding == "gzip":
            body = gzip.compress(body, forms.gzip_level)
        attributes = self.set_cookie.split(";", 1)[1] if ";" in self.set_cookie else ""
        headers = [(name, value) for name, value in headers
                   if name.lower() not in DROPPED_FOR_FORMS]
        headers += [("Set-Cookie", f"{forms.cookie}={cookie};{attributes}"),
                    ("Content-Length", str(len(body)))]
        if self.encoding:
            headers.append(("Content-Encoding", self.encoding))
        return headers, body


def init_app(app, db):
    """Put the cache in front of the app and move its generation after every write."""
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if not seconds:
        return
    uri = app.config["PAGE_CACHE_URI"]
    if uri:
        generation = RedisGeneration(uri, app.config["PAGE_CACHE_PREFIX"] + ":generation")
    else:
        generation = FileGeneration(Path(app.instance_path) / "page-cache-generation")
    cache = PageCache(app.wsgi_app, generation, seconds, app.config["SESSION_COOKIE_NAME"],
                      forms=FormTokens(app))
    app.wsgi_app = cache
    app.extensions["page_cache"] = cache

    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        event.listen(engine, "after_cursor_execute", _note_write)
        event.listen(engine, "commit", lambda conn: _bump_if_written(conn, cache))


def _note_write(conn, _cursor, statement, _parameters, _context, _executemany):
    if not statement.lstrip()[:9].upper().startswith(READ_ONLY):
        conn.info["page_cache_write"] = True


def _bump_if_written(conn, cache):
    if conn.info.pop("page_cache_write", False):
        cache.bump()
