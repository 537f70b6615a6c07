"""Never overbooked: many residents sign up for the last places at the same moment, through
several app instances (as several gunicorn workers would), each thread with its own client
and database connection. On PostgreSQL (TEST_DATABASE_URL) this exercises SELECT … FOR
UPDATE on the slot row; on SQLite, the write lock taken first. Either way: exactly the
capacity confirmed, the rest on the waiting list, no duplicates and never a 500."""
import sqlite3

import pytest

from portal.walks.models import SignupStatus
from tests import concurrency
from tests.walk_helpers import make_slot, sign_up, signup_data, signups, token_of

WORKERS = 4


def at_once(make_app, count, request):
    """Status codes of request(client, n) for n in range(count), sent together through
    WORKERS app instances, a fresh client each (an error's repr where one was raised)."""
    apps = [make_app() for _ in range(WORKERS)]
    clients = [apps[n % WORKERS].test_client() for n in range(count)]
    results = concurrency.at_once(clients, count, request)
    return [repr(r) if isinstance(r, Exception) else r.status_code for r in results]


def test_twenty_sign_ups_at_once_for_four_places_give_four_places_and_sixteen_waiting(app, make_app):
    slot_id = make_slot(app, capacity=4, min_walkers=2)
    results = at_once(make_app, 20, lambda client, n: client.post(
        f"/promenader/{slot_id}", data=signup_data(email=f"walker{n}@example.se", name=f"Walker {n}")))
    assert results == [303] * 20, results
    made = signups(app, slot_id)
    assert len(made) == 20
    assert len({s.email for s in made}) == 20
    assert sum(s.status is SignupStatus.CONFIRMED for s in made) == 4
    assert sum(s.status is SignupStatus.WAITING for s in made) == 16


def test_the_same_email_twenty_times_at_once_gets_one_place(app, make_app):
    slot_id = make_slot(app, capacity=4, min_walkers=2)
    results = at_once(make_app, 20, lambda client, n: client.post(f"/promenader/{slot_id}", data=signup_data()))
    assert results == [303] * 20, results  # the same answer as any sign-up; the owner gets mail
    assert len(signups(app, slot_id)) == 1


def test_cancellations_at_once_promote_the_waiting_list_in_order_without_overbooking(app, make_app):
    slot_id = make_slot(app, capacity=4, min_walkers=2)
    client = app.test_client()
    tokens = [token_of(sign_up(client, slot_id, email=f"w{n}@example.se")) for n in range(10)]
    results = at_once(make_app, 3, lambda c, n: c.post(f"/promenader/avboka/{tokens[n]}"))
    assert results == [303] * 3, results
    by_email = {s.email: s.status for s in signups(app, slot_id)}
    assert [by_email[f"w{n}@example.se"] for n in range(10)] == (
        [SignupStatus.CANCELLED] * 3 + [SignupStatus.CONFIRMED] * 4 + [SignupStatus.WAITING] * 3
    )


def test_a_database_that_stays_locked_asks_to_send_again_and_is_never_a_500(app, make_app, database_url):
    """SQLite only: another writer holds the lock longer than the busy timeout."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's busy timeout; PostgreSQL waits for the row lock instead")
    slot_id = make_slot(app)
    impatient = make_app(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.2}})
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        response = impatient.test_client().post(f"/promenader/{slot_id}", data=signup_data())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)
    assert signups(app, slot_id) == []
