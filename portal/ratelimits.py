"""Counting before the work: one atomic hit in the shared store decides, so that requests
sent in parallel cannot all pass a check that is counted only after they have finished.

Flask-Limiter's decorators count at the start of a request, which is right for "any post
of this form". Limits that should count only what was done (a report received, a password
checked) are spent here instead, by the view, once the form is valid and before the work.
The store is the one Flask-Limiter uses (RATELIMIT_STORAGE_URI: memory:// in one process,
Redis shared by every worker), under RATELIMIT_KEY_PREFIX. If Redis does not answer, the
counts go to this worker's memory rather than refuse residents or lock staff out.

`counters()` works whether or not Flask-Limiter is enabled: the login lockout is a
security rule, not a rate limit, and must not switch off with PORTAL_RATELIMIT_ENABLED.
"""
import logging
import threading

from flask import abort, current_app, request
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)


class Counters:
    """Fixed-window counters in the shared store, with a memory fallback."""

    def __init__(self, uri, prefix, options=None):
        self.prefix = prefix or "portal"
        self._main = FixedWindowRateLimiter(storage_from_string(uri or "memory://", **(options or {})))
        self._fallback = FixedWindowRateLimiter(MemoryStorage())
        # MemoryStorage increments under a lock but reads the count back after releasing it,
        # so two threads may both see the later count; one lock makes the hit exact.
        self._local_lock = threading.Lock()
        self._in_memory = isinstance(self._main.storage, MemoryStorage)

    def _call(self, method, limit, identifiers):
        item = parse(limit) if isinstance(limit, str) else limit
        keys = (self.prefix, *(str(i) for i in identifiers))
        try:
            if self._in_memory:
                with self._local_lock:
                    return getattr(self._main, method)(item, *keys)
            return getattr(self._main, method)(item, *keys)
        except Exception:  # the store is down: count in this worker's memory instead
            log.exception("The rate-limit store did not answer; counting in memory")
            with self._local_lock:
                return getattr(self._fallback, method)(item, *keys)

    def hit(self, limit, *identifiers):
        """Count one now; False when that one is over the limit (do not do the work)."""
        return self._call("hit", limit, identifiers)

    def test(self, limit, *identifiers):
        """True while another hit would still be within the limit (counts nothing)."""
        return self._call("test", limit, identifiers)

    def clear(self, limit, *identifiers):
        self._call("clear", limit, identifiers)


def init_app(app):
    config = app.config
    app.extensions["portal_counters"] = Counters(
        config.get("RATELIMIT_STORAGE_URI"),
        config.get("RATELIMIT_KEY_PREFIX"),
        config.get("RATELIMIT_STORAGE_OPTIONS"),
    )


def counters():
    return current_app.extensions["portal_counters"]


def client_address():
    """The visitor's address (the proxy's X-Forwarded-For is applied by ProxyFix)."""
    return request.remote_addr or "unknown"


def spend(config_key, scope):
    """Spend one of this address's `config_key` limit before doing the work, or answer 429.

    For "what was done" limits (reports received, sign-ups): call it once the form is valid,
    so a form sent back with errors costs nothing, and before saving, so parallel posts
    cannot all get through. Off when PORTAL_RATELIMIT_ENABLED is false.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    if not counters().hit(current_app.config[config_key], scope, client_address()):
        abort(429)
