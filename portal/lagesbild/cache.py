"""A cache for computed figures, correct across several gunicorn workers.

Every key includes a fingerprint of the data its figure is computed from, read with a few
cheap maxima per request: the reports' (the latest report change, the highest report id)
or the walks' (the same for the evening walks' slots, sign-ups and walk reports, and the
guards' shifts), each with the categories, departments and area settings. Any change to a
report gives the report figures a new fingerprint, any change to a walk the walk figures,
so no worker can serve figures from before it: entries under the old key are simply never
asked for again and expire. A report arriving leaves the walks' figures cached, and a walker
signing up the reports' (the expensive half). Values are stored as JSON, in each worker's
memory or, with LAGESBILD_CACHE_URI, in Redis. If Redis fails, the figures are computed as if
there were no cache.
"""
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict

from flask import current_app, g
from sqlalchemy import select

from portal.extensions import db
from portal.lagesbild import presence_queries, queries

log = logging.getLogger(__name__)


class MemoryStore:
    """A small LRU dictionary with expiry, one per app (worker)."""

    def __init__(self, max_entries=512):
        self.entries = OrderedDict()
        self.max_entries = max_entries
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return value

    def set(self, key, value, seconds):
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


class RedisStore:
    """The same cache shared through Redis; errors are logged and treated as misses."""

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.errors = (redis.exceptions.RedisError, OSError)

    def get(self, key):
        try:
            value = self.client.get(key)
        except self.errors as error:
            log.warning("lägesbild cache: Redis unavailable (%s); computing instead", error)
            return None
        return value.decode("utf-8") if value is not None else None

    def set(self, key, value, seconds):
        try:
            self.client.set(key, value, ex=max(1, int(seconds)))
        except self.errors as error:
            log.warning("lägesbild cache: could not store in Redis (%s)", error)

    def clear(self):
        pass  # keys carry the fingerprint; old ones expire by themselves


def store(app=None):
    app = app or current_app
    found = app.extensions.get("lagesbild_cache")
    if found is None:
        uri = app.config["LAGESBILD_CACHE_URI"]
        found = RedisStore(uri) if uri and uri.startswith(("redis://", "rediss://", "unix://")) else MemoryStore()
        app.extensions["lagesbild_cache"] = found
    return found


REPORTS, WALKS = "reports", "walks"  # what a figure is computed from


def fingerprint(categories, departments):
    """{REPORTS: …, WALKS: …}: the data's fingerprints for this request (read once per
    request, in one statement: every maximum an index look-up)."""
    if "lagesbild_fingerprint" not in g:
        config = current_app.config
        reports = queries.fingerprint_columns()
        walks = presence_queries.fingerprint_columns()
        values = [str(value) for value in db.session.execute(select(*reports, *walks)).one()]
        settings = [
            [[c.id, c.name, c.service_level_hours, c.department_id, c.is_active, c.position] for c in categories],
            [[d.id, d.name] for d in departments],
            [config["AREAS"], config["MAP_BOUNDS"], config["LAGESBILD_GRID_METRES"]],
        ]
        g.lagesbild_fingerprint = {
            REPORTS: _digest([values[:len(reports)], settings]),
            WALKS: _digest([values[len(reports):], settings]),
        }
    return g.lagesbild_fingerprint


def _digest(value):
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def remember(fingerprint_value, name, args, compute):
    """compute() (JSON-able) for `name` and `args`, from the cache when there;
    `fingerprint_value` is that of the data compute() reads. The value is read as stored
    (JSON), the same whether just computed or cached; within a request every figure that
    asks for it gets the same value, which none of them changes."""
    config = current_app.config
    key = f"{config['LAGESBILD_CACHE_PREFIX']}:{fingerprint_value}:{name}:{_digest(args)}"
    # Within one request several figures share an entry (the weeks, the areas, the walks):
    # computed and read once even when the cache keeps nothing (LAGESBILD_CACHE_SECONDS = 0).
    memo = g.setdefault("lagesbild_memo", {})
    if key not in memo:
        raw = store().get(key)
        if raw is None:
            raw = json.dumps(compute(), default=str)
            store().set(key, raw, config["LAGESBILD_CACHE_SECONDS"])
        memo[key] = json.loads(raw)
    return memo[key]
