"""The walkers per walk (portal/walks/tally.py) agree with a count of the sign-ups after
every change that gives or takes a place or marks attendance, and the lägesbild counts
walkers from it."""
from datetime import timedelta

from portal.demo import load as load_demo
from portal.extensions import db
from portal.walks import roster, tally
from portal.walks import signups as signup_services
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot
from tests.walk_helpers import make_slot, move_slot


def counted():
    """{slot id: walkers} counted from the sign-ups, as the lägesbild used to."""
    rows = db.session.execute(db.select(WalkSignup.slot_id, db.func.count()).where(
        *tally.counts_as_walker()).group_by(WalkSignup.slot_id)).all()
    return dict(rows)


def assert_agree():
    db.session.flush()
    stored = {row.slot_id: row.n for row in db.session.scalars(db.select(tally.WalkTally)) if row.n}
    assert stored == counted()
    return stored


def sign_up(app, slot_id, number):
    with app.test_request_context():
        signup = signup_services.sign_up(slot_id, f"Vandrare {number}", f"t{slot_id}-{number}@example.se",
                                         "070-123 45 67", False)
        db.session.commit()
        return signup.id


def test_the_tally_follows_places_given_taken_and_attendance(app):
    slot_id = make_slot(app, days=5, capacity=2, min_walkers=2)
    first, second, waiting = (sign_up(app, slot_id, number) for number in range(3))
    with app.app_context():
        assert assert_agree() == {slot_id: 2}  # the third waits
        assert db.session.get(WalkSignup, waiting).status is SignupStatus.WAITING

    with app.test_request_context():  # a place given up goes to the first waiting at once
        signup_services.cancel(db.session.get(WalkSignup, first))
        db.session.commit()
        assert db.session.get(WalkSignup, waiting).status is SignupStatus.CONFIRMED
        assert assert_agree() == {slot_id: 2}

    move_slot(app, slot_id, -timedelta(days=1))
    with app.test_request_context():  # the coordinator marks who came
        slot = db.session.get(WalkSlot, slot_id)
        roster.mark_attendance(slot, {second: True, waiting: False})
        db.session.commit()
        assert assert_agree() == {slot_id: 1}

    with app.app_context():  # read fresh in a new session and marked again
        db.session.remove()
        db.session.get(WalkSignup, waiting).attended = True
        db.session.commit()
        assert assert_agree() == {slot_id: 2}
        db.session.delete(db.session.get(WalkSignup, second))
        db.session.commit()
        assert assert_agree() == {slot_id: 1}


def test_the_tally_agrees_after_the_demo_data_and_a_rebuild(app):
    with app.app_context():
        assert load_demo(seed=7, password="demo-losenord-for-test")
        db.session.commit()
        walkers = assert_agree()
        assert len(walkers) > 50 and sum(walkers.values()) > 200
        db.session.execute(db.delete(tally.WalkTally))  # as if sign-ups were written around the ORM
        db.session.commit()
    assert "Räknat om" in app.test_cli_runner().invoke(args=["lagesbild-rebuild"]).output
    with app.app_context():
        assert assert_agree() == walkers
