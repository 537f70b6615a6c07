"""Evening walks over the summers (a series of Friday and Saturday walks each summer, the
latest one in two areas: the effort), with sign-ups, waiting lists, cancellations, who came,
walk reports; and the coming walks, open for sign-up.

The rules of portal.walks hold: places are given in the order people signed up and a
cancelled place goes to the first on the waiting list; one walker is on one walk an evening;
attendance only on walks that have started; reports only from walkers who had a place.
"""
from datetime import date, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.common.dates import date_and_time
from portal.demo import texts
from portal.demo.bulk import token
from portal.demo.reports import ascii_name
from portal.walks.models import SignupStatus, WalkReport, WalkSeries, WalkSignup, WalkSlot
from portal.walks.slots import series_days, span

# (meeting point, (lat, lon), area name as in AREAS)
BJUV = ("Stortorget, vid fontänen", (56.0840, 12.9190), "Bjuv")
BILLESHOLM = ("Billesholms torg, vid busshållplatsen", (56.0600, 12.9960), "Billesholm")
NOTES = "Västar delas ut vid mötesplatsen. (Demo, påhittade promenader.)"
CANCEL_REASONS = ["Kraftigt regn och åska enligt SMHI.", "För få anmälda vuxna."]


class WalkMaker:
    def __init__(self, batch, rng, now, staff):
        self.batch, self.rng, self.now, self.staff = batch, rng, now, staff
        self.walkers = [self._walker(n) for n in range(90)]
        self.calendar_keys = {}
        self.evenings = {}  # local date → emails on a walk that evening

    def _walker(self, number):
        first, last = self.rng.choice(texts.FIRST_NAMES), self.rng.choice(texts.LAST_NAMES)
        return f"{first} {last}", f"{ascii_name(first)}.{ascii_name(last)}.{number}@example.se"

    def make(self, latest_summer_year, years=3):
        """Summers `latest - years + 1` … `latest`, then the coming walks."""
        for year in range(latest_summer_year - years + 1, latest_summer_year + 1):
            points = [BJUV, BILLESHOLM] if year == latest_summer_year else [BJUV]
            weekdays = [5, 6] if year == latest_summer_year else [5]
            for point in points:
                self.series(date(year, 6, 12), date(year, 8, 22), weekdays, point,
                            capacity=6 if year == latest_summer_year else 5)
        today = (self.now + timedelta(hours=2)).date()
        self.series(today + timedelta(days=1), today + timedelta(weeks=6), [5, 6], BJUV, capacity=5)

    def series(self, first_day, last_day, weekdays, point, capacity):
        batch, rng = self.batch, self.rng
        meeting_point, (lat, lon), area = point
        created = span(first_day, time(9), time(10))[0] - timedelta(days=30)
        created = min(created, self.now - timedelta(days=1))
        coordinator = rng.choice(self.staff.coordinators)
        series_id = batch.next_id(WalkSeries)
        days = series_days(first_day, last_day, weekdays)
        batch.add(WalkSeries, id=series_id, weekdays=",".join(map(str, weekdays)), first_day=first_day,
                  last_day=last_day, created_at=created, created_by_id=coordinator.id)
        slots = []
        for day in days:
            starts, ends = span(day, time(19), time(22))
            slot = batch.add(
                WalkSlot, id=batch.next_id(WalkSlot), series_id=series_id, starts_at=starts,
                ends_at=ends, meeting_point=meeting_point, meeting_lat=lat, meeting_lon=lon, area=area,
                capacity=capacity, min_walkers=3, min_age=18, notes=NOTES, cancelled_at=None,
                cancel_reason=None, under_minimum_notified_at=None, created_at=created, updated_at=created,
            )
            slots.append(slot)
        batch.audit(
            created, coordinator, "walk_series_created",
            ngettext("Created a series of %(count)s evening walk from %(first)s to %(last)s.",
                     "Created a series of %(count)s evening walks from %(first)s to %(last)s.",
                     len(slots), count=len(slots), first=first_day.isoformat(), last=last_day.isoformat()),
            details={"series_id": series_id, "weekdays": weekdays, "slots": len(slots),
                     "meeting_point": meeting_point, "area": area, "capacity": capacity,
                     "min_walkers": 3, "min_age": 18},
        )
        for slot in slots:
            taken = self.evenings.setdefault(slot["starts_at"].date(), set())
            self.slot(slot, coordinator, taken)

    def slot(self, slot, coordinator, taken):
        rng, batch, now = self.rng, self.batch, self.now
        starts = slot["starts_at"]
        cancelled = starts < now and rng.random() < 0.06
        wanted = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9])
        if starts > now:  # the coming walks fill up as they come nearer
            wanted = max(0, wanted - int((starts - now).days / 7) * 2)
        pool = [w for w in self.walkers if w[1] not in taken]
        people = rng.sample(pool, min(wanted, len(pool)))
        signups = []
        for name, email in people:
            taken.add(email)
            created = starts - timedelta(hours=rng.uniform(4, 24 * 20))
            if created >= now:
                continue
            signups.append({"name": name, "email": email, "created_at": created})
        signups.sort(key=lambda s: s["created_at"])
        rows = []
        for signup in signups:
            confirmed = sum(1 for r in rows if r["status"] is SignupStatus.CONFIRMED)
            rows.append(batch.add(
                WalkSignup, id=batch.next_id(WalkSignup), slot_id=slot["id"], name=signup["name"],
                email=signup["email"], phone=f"070-174 06 {rng.randint(5, 99):02d}" if rng.random() < 0.5 else None,
                is_first_walk=rng.random() < 0.3,
                status=SignupStatus.CONFIRMED if confirmed < slot["capacity"] else SignupStatus.WAITING,
                attended=None, created_at=signup["created_at"], cancelled_at=None, promoted_at=None,
                reminder_sent_at=None, report_request_sent_at=None, link_key=token(rng, 16)[:22],
                calendar_key=self.calendar_keys.setdefault(signup["email"], token(rng, 16)[:22]),
            ))
        # A few give up their place before the walk; the first waiting gets it at once.
        for row in list(rows):
            if row["status"] is SignupStatus.CONFIRMED and rng.random() < 0.12:
                when = row["created_at"] + (starts - row["created_at"]) * rng.uniform(0.2, 0.9)
                if when >= now:
                    continue
                row.update(status=SignupStatus.CANCELLED, cancelled_at=when)
                waiting = [r for r in rows if r["status"] is SignupStatus.WAITING and r["created_at"] < when]
                if waiting:
                    waiting[0].update(status=SignupStatus.CONFIRMED, promoted_at=when)
        if cancelled:
            when = starts - timedelta(hours=rng.uniform(3, 30))
            slot.update(cancelled_at=when, cancel_reason=rng.choice(CANCEL_REASONS), updated_at=when)
            batch.audit(when, coordinator, "walk_slot_cancelled",
                        _("Cancelled the evening walk on %(when)s.", when=date_and_time(starts)),
                        reason=slot["cancel_reason"], details={"slot_id": slot["id"]})
            return
        confirmed = [r for r in rows if r["status"] is SignupStatus.CONFIRMED]
        for row in confirmed:
            if starts - timedelta(hours=24) < now:
                row["reminder_sent_at"] = max(starts - timedelta(hours=24), row["promoted_at"] or row["created_at"])
        if slot["ends_at"] + timedelta(days=3) > now or not confirmed:
            return
        for row in confirmed:
            row["report_request_sent_at"] = slot["ends_at"] + timedelta(hours=1)
        if rng.random() < 0.85:  # the coordinator marks who came
            marked = slot["ends_at"] + timedelta(hours=rng.uniform(12, 60))
            for row in confirmed:
                row["attended"] = rng.random() < 0.88
            slot["updated_at"] = marked
            batch.audit(marked, coordinator, "walk_attendance",
                        _("Marked who came on the walk on %(when)s.", when=date_and_time(starts)),
                        details={"slot_id": slot["id"], "changed": len(confirmed),
                                 "came": sum(1 for r in confirmed if r["attended"])})
        reporters = [r for r in confirmed if r["attended"] is not False]
        for row in rng.sample(reporters, min(len(reporters), rng.choice([0, 1, 1, 2]))):
            batch.add(
                WalkReport, slot_id=slot["id"], signup_id=row["id"],
                submitted_at=slot["ends_at"] + timedelta(hours=rng.uniform(1, 40)),
                areas_walked=f"{slot['area']}: {slot['meeting_point']}, skolgården och stationen",
                youths_met=rng.choice([0, 5, 10, 15, 20, 30, None]),
                observations=rng.choice(texts.WALK_OBSERVATIONS),
                incidents=rng.choice(texts.WALK_INCIDENTS) if rng.random() < 0.1 else None,
                police_called=rng.random() < 0.03, emergency_called=False,
                free_text=rng.choice(texts.WALK_FREE_TEXT), report_id=None,
            )
