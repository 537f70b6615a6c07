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
Set-Cookie (a page with a form sets the CSRF cookie, so it is never kept), nothing
private or no-store, text types only. Staff pages (/admin) are never kept.
"""
import logging
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import event
from werkzeug.wrappers import Response

log = logging.getLogger(__name__)

KEPT_TYPES = ("text/html", "application/rss+xml", "application/atom+xml",
              "application/json", "text/calendar", "application/xml", "text/xml")
MAX_BODY_BYTES = 512 * 1024
# Statements that never change data; anything else marks the transaction as a write.
READ_ONLY = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "SHOW", "SET ")


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

    def __init__(self, wsgi_app, generation, seconds, session_cookie, max_entries=256):
        self.wsgi_app = wsgi_app
        self.generation = generation
        self.seconds = seconds
        self.session_cookie = session_cookie + "="
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
                or environ.get("PATH_INFO", "").startswith(("/admin", "/static/"))):
            return self.wsgi_app(environ, start_response)
        key = (
            environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
            environ.get("HTTP_X_FORWARDED_PROTO"), environ.get("HTTP_X_FORWARDED_HOST"),
            environ.get("PATH_INFO"), environ.get("QUERY_STRING"),
            environ.get("HTTP_ACCEPT_ENCODING"),
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
        if generation is None or not self._keepable(seen.get("status"), seen.get("headers", ())):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if len(body) <= MAX_BODY_BYTES:
            entry = (generation, time.monotonic() + self.seconds, seen["status"],
                     tuple(seen["headers"]), body)
            with self.lock:
                self.entries[key] = entry
                self.entries.move_to_end(key)
                while len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
        return [body]

    @staticmethod
    def _keepable(status, headers):
        if not status or not status.startswith("200"):
            return False
        content_type = ""
        for name, value in headers:
            lower = name.lower()
            if lower == "set-cookie":
                return False
            if lower == "cache-control" and ("private" in value or "no-store" in value):
                return False
            if lower == "content-type":
                content_type = value.split(";")[0].strip()
        return content_type in KEPT_TYPES


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
    cache = PageCache(app.wsgi_app, generation, seconds, app.config["SESSION_COOKIE_NAME"])
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
