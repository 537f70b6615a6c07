"""Limits that parallel requests used to outrun: the posts arrive at the same moment, from
one address, and exactly the limit gets through, whether the counts are in this process's
memory or shared through Redis by several workers."""
import uuid

import pytest
import redis

from portal.extensions import db
from portal.walks.models import WalkSignup
from tests.concurrency import at_once
from tests.test_report_form import count_reports, post, valid_form
from tests.walk_helpers import make_slot, signup_data


def redis_or_skip():
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


def codes(results):
    return sorted(getattr(r, "status_code", repr(r)) for r in results)


def test_twenty_parallel_reports_from_one_address_give_five(make_app, categories):
    app = make_app(REPORT_RATE_LIMIT="5 per 10 minutes")
    clients = [app.test_client() for _ in range(20)]
    results = at_once(clients, 20, lambda client, n: post(client, valid_form(categories)))
    assert codes(results) == [303] * 5 + [429] * 15
    assert sum("För många försök" in r.get_data(as_text=True) for r in results) == 15
    assert count_reports(app) == 5


def test_twenty_parallel_reports_through_three_workers_sharing_redis(make_app, categories):
    shared = redis_or_skip()
    workers = [make_app(REPORT_RATE_LIMIT="5 per 10 minutes", **shared) for _ in range(3)]
    clients = [workers[n % 3].test_client() for n in range(20)]
    results = at_once(clients, 20, lambda client, n: post(client, valid_form(categories)))
    assert codes(results) == [303] * 5 + [429] * 15
    assert count_reports(workers[0]) == 5


def test_parallel_sign_ups_from_one_address_stop_at_the_limit(make_app, app):
    slot_id = make_slot(app, capacity=20)
    limited = make_app(WALK_RATE_LIMIT="3 per 10 minutes")
    clients = [limited.test_client() for _ in range(12)]
    results = at_once(clients, 12, lambda client, n: client.post(
        f"/promenader/{slot_id}", data=signup_data(email=f"walker{n}@example.se", name=f"Walker {n}")))
    assert codes(results) == [303] * 3 + [429] * 9
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(WalkSignup.id))) == 3


def test_a_refused_form_costs_nothing_of_the_limit(make_app, categories):
    app = make_app(REPORT_RATE_LIMIT="2 per 10 minutes")
    client = app.test_client()
    for _attempt in range(4):
        assert post(client, valid_form(categories, description="")).status_code == 422
    assert [post(client, valid_form(categories)).status_code for _ in range(3)] == [303, 303, 429]
