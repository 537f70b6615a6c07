"""Three years of reports, each with the history its status needs: received, published
with an edited title and text (or rejected, or closed as a duplicate), sent to a department,
assigned, status changes with public notes, replies, internal notes, hidden now and then.

Every step is what portal.desk.services does, at the time it happened: the same public
history lines, audit entries (with the services' summaries), versions, `responded_at` and
`closed_at`. Steps that would fall after `now` have not happened yet, so the newest reports
wait in the queue, unpublished, and some are past their category's service level.
"""
import math
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _

from portal.areas import configured_areas
from portal.common.dates import week
from portal.demo import texts
from portal.demo.bulk import poisson, token
from portal.desk.models import ReportNote
from portal.lagesbild.buckets import default_summer
from portal.reports.models import Report, ReportContact, ReportStatus, ReportUpdate, UpdateKind
from portal.timeutil import STOCKHOLM, to_local

S = ReportStatus
# Reports a day per category in an average month, and how the months differ (Jan–Dec).
RATES = {
    "klotter": (0.62, [.6, .6, .8, 1, 1.2, 1.6, 1.8, 1.7, 1.2, 1, .8, .6]),
    "skadegorelse": (0.42, [.8, .6, .8, 1, 1.3, 1.7, 1.9, 1.7, 1.1, 1, .8, .9]),
    "trasig-belysning": (0.48, [1.8, 1.5, 1.1, .7, .4, .3, .3, .5, .9, 1.5, 1.9, 2]),
    "otrygg-plats": (0.24, [1.3, 1.1, 1, .9, .9, 1, 1, 1, 1, 1.1, 1.3, 1.3]),
    "nedskrapning": (0.38, [.6, .6, .9, 1.3, 1.5, 1.6, 1.6, 1.4, 1, .8, .6, .6]),
    "skymmande-vaxtlighet": (0.14, [.2, .2, .4, .8, 1.6, 2.2, 2.2, 1.8, 1.2, .6, .3, .2]),
    "trafik": (0.16, [1, 1, 1, 1, 1, .7, .6, 1.2, 1.4, 1.1, 1, .9]),
    "samling": (0.16, [.5, .5, .7, .9, 1.2, 1.7, 1.9, 1.6, 1.1, .9, .7, .8]),
    "annat": (0.09, [1] * 12),
}
AREA_WEIGHTS = {"bjuv": 50, "billesholm": 17, "ekeby": 10, "skromberga": 7, "gunnarstorp": 5,
                "morarp": 4, "ovrigt": 3, None: 4}
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 6, 6, 6, 6, 6, 7, 8, 8, 8, 7, 5, 3, 2]
# The summer effort (walks, guards) in these areas cut these categories in the latest summer.
EFFORT_AREAS = {"bjuv", "billesholm"}
EFFORT_CATEGORIES = {"klotter", "skadegorelse"}
EFFORT_KEEPS = 0.55
OUTCOMES = [(S.FIXED, 78), (S.NOT_RESPONSIBLE, 6), (S.UNABLE_TO_FIX, 4), (S.REJECTED, 3),
            (S.DUPLICATE, 5), (S.IN_PROGRESS, 2), (S.ACTION_SCHEDULED, 2)]


def _pick(rng, weighted):
    keys, weights = zip(*weighted.items()) if isinstance(weighted, dict) else zip(*weighted)
    return rng.choices(keys, weights)[0]


def _hours(value):
    return timedelta(hours=value)


class Places:
    """Invented places in the configured areas, with a point inside the area's box."""

    def __init__(self, rng, map_bounds):
        self.rng = rng
        self.areas = {area.slug: area for area in configured_areas()}
        self.map_bounds = map_bounds

    def point(self, slug):
        rng = self.rng
        if slug == "ovrigt":
            south, west, north, east = self.map_bounds
            while True:
                lat, lon = rng.uniform(south, north), rng.uniform(west, east)
                if not any(a.holds(lat, lon) for a in self.areas.values()):
                    return round(lat, 6), round(lon, 6)
        area = self.areas[slug]
        dlat, dlon = (area.north - area.south) * 0.1, (area.east - area.west) * 0.1
        return (round(rng.uniform(area.south + dlat, area.north - dlat), 6),
                round(rng.uniform(area.west + dlon, area.east - dlon), 6))

    def words(self, slug):
        rng = self.rng
        streets = texts.STREETS.get(slug, texts.STREETS["ovrigt"])
        return rng.choice(texts.PLACE_PATTERNS).format(
            street=rng.choice(streets), street2=rng.choice(streets), number=rng.randint(1, 60),
            landmark=rng.choice(texts.LANDMARKS.get(slug, texts.LANDMARKS["ovrigt"])),
        )


class Labels:
    """The services' audit summaries, translated once."""

    def __init__(self):
        self._cache = {}

    def status(self, before, after):
        key = ("status", before, after)
        if key not in self._cache:
            self._cache[key] = _("Changed the status from %(before)s to %(after)s.",
                                 before=str(before.label), after=str(after.label))
        return self._cache[key]

    def fixed(self, name):
        if name not in self._cache:
            self._cache[name] = {
                "published": _("Published the report."), "hidden": _("Hid the report from the public."),
                "replied": _("Replied publicly."), "note_added": _("Wrote an internal note."),
            }[name]
        return self._cache[name]


def reference(report_id, created_at):
    return f"TR-{to_local(created_at).year}-{report_id:05d}"


class ReportMaker:
    def __init__(self, batch, rng, now, categories, departments, staff, map_bounds):
        self.batch, self.rng, self.now = batch, rng, now
        self.categories = categories  # slug → Category
        self.departments = departments  # id → Department
        self.staff = staff
        self.places = Places(rng, map_bounds)
        self.labels = Labels()
        self.recent = {}  # (category, area) → [(created_at, id)], for duplicates

    # --- the whole period -------------------------------------------------------------
    def make(self, first_day):
        local_now = to_local(self.now)
        summer = default_summer(local_now.date())
        day, last_day = first_day, local_now.date()
        total_days = (last_day - first_day).days or 1
        made = 0
        while day <= last_day:
            growth = 0.8 + 0.35 * (day - first_day).days / total_days  # the portal gets known
            for slug, (rate, months) in RATES.items():
                if slug not in self.categories:
                    continue
                for _n in range(poisson(self.rng, rate * months[day.month - 1] * growth)):
                    created = self._moment(day)
                    if created >= self.now:
                        continue
                    area = _pick(self.rng, AREA_WEIGHTS)
                    if (slug in EFFORT_CATEGORIES and area in EFFORT_AREAS
                            and summer.first <= day <= summer.last and self.rng.random() > EFFORT_KEEPS):
                        continue
                    self.report(self.categories[slug], area, created)
                    made += 1
            day += timedelta(days=1)
        return made

    def _moment(self, day):
        hour = self.rng.choices(range(24), HOUR_WEIGHTS)[0]
        local = datetime(day.year, day.month, day.day, hour, self.rng.randrange(60),
                         self.rng.randrange(60), tzinfo=STOCKHOLM)
        return local.astimezone(UTC).replace(tzinfo=None)

    # --- one report -----------------------------------------------------------------
    def report(self, category, area, created):
        rng, batch = self.rng, self.batch
        report_id = batch.next_id(Report)
        place = self.places.words(area or "bjuv")
        lat, lon = self.places.point(area) if area else (None, None)
        outcome = _pick(rng, OUTCOMES)
        description = rng.choice(texts.DESCRIPTIONS[category.slug])
        if outcome is S.REJECTED:
            streets = texts.STREETS.get(area or "bjuv", texts.STREETS["bjuv"])
            description += " " + texts.NAMING_SOMEONE.format(street=rng.choice(streets))
        original = None
        if outcome is S.DUPLICATE:
            original = self._earlier(category.slug, area, created)
            if original is None:
                outcome = S.FIXED
        self.recent.setdefault((category.slug, area), []).append((created, report_id))

        row = batch.add(
            Report, id=report_id, category_id=category.id, department_id=category.department_id,
            status=S.RECEIVED, description=description + " (Demo, påhittat.)", place=place,
            lat=lat, lon=lon, follow_token=token(rng, 32), created_at=created, updated_at=created,
            original_category_id=category.id, original_place=place, original_lat=lat,
            original_lon=lon, assigned_to_id=None, duplicate_of_id=None, responded_at=None,
            closed_at=None, version=1, is_published=False, is_hidden=False, published_at=None,
            public_title=None, public_text=None,
        )
        batch.add(ReportUpdate, report_id=report_id, kind=UpdateKind.RECEIVED, status=S.RECEIVED,
                  message=None, created_at=created)
        if rng.random() < 0.3:
            self._contact(report_id)
        Case(self, row, category, outcome, original, place).play()

    def _earlier(self, slug, area, created):
        for when, report_id in reversed(self.recent.get((slug, area), [])[-5:]):
            if timedelta(hours=2) < created - when < timedelta(days=21):
                return report_id, when
        return None

    def _contact(self, report_id):
        rng = self.rng
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        email = None
        if rng.random() < 0.75:
            email = f"{ascii_name(first)}.{ascii_name(last)}{rng.randint(1, 99)}@example.se"
        phone = f"070-174 06 {rng.randint(5, 99):02d}" if rng.random() < 0.3 else None  # PTS's numbers for fiction
        self.batch.add(ReportContact, report_id=report_id, name=f"{first} {last}" if rng.random() < 0.8 else None,
                       email=email, phone=phone, wants_replies=bool(email and rng.random() < 0.6))


def ascii_name(name):
    return name.lower().translate(str.maketrans("åäöü", "aaou"))


class Case:
    """The steps staff take on one report, in time order; steps after `now` are left out."""

    def __init__(self, maker, row, category, outcome, original, place):
        self.m, self.row, self.category, self.outcome = maker, row, category, outcome
        self.original, self.place = original, place
        self.rng = maker.rng
        self.actor = self.rng.choice(maker.staff.coordinators)

    def at(self, when):
        """True if `when` has come; the step then changes the report at that time."""
        if when >= self.m.now:
            return False
        self.row["version"] += 1
        self.row["updated_at"] = max(self.row["updated_at"], when)
        return True

    def responded(self, when):
        if self.row["responded_at"] is None:
            self.row["responded_at"] = when

    def audit(self, when, action, summary, actor=None, **kw):
        self.m.batch.audit(when, actor or self.actor, action, summary, report_id=self.row["id"], **kw)

    def update(self, when, kind, status=None, message=None):
        self.m.batch.add(ReportUpdate, report_id=self.row["id"], kind=kind, status=status,
                         message=message, created_at=when)

    def set_status(self, when, status, note=None, actor=None, reason=None):
        if not self.at(when):
            return False
        before = self.row["status"]
        self.row["status"] = status
        self.row["closed_at"] = (self.row["closed_at"] or when) if status.is_closed else None
        self.update(when, UpdateKind.STATUS, status, note)
        self.responded(when)
        self.audit(when, "status_changed", self.m.labels.status(before, status), actor=actor,
                   reason=reason, details={"from": before.value, "to": status.value, "note": note})
        return True

    def handler_for(self, department_id):
        people = self.m.staff.handlers.get(department_id) or self.m.staff.coordinators
        return self.rng.choice(people)

    def play(self):
        rng, row, m = self.rng, self.row, self.m
        level = self.category.service_level_hours or 240
        review = row["created_at"] + _hours(min(120, max(0.3, rng.lognormvariate(math.log(10), 0.9))))
        if m.now - row["created_at"] < timedelta(days=6) and rng.random() < 0.6:
            review += timedelta(days=7)  # the newest wait in the queue: a busy week
        if self.outcome is S.REJECTED:
            self.set_status(review, S.REJECTED, reason=rng.choice(texts.REJECT_REASONS))
            return
        if self.outcome is S.DUPLICATE:
            self.duplicate(review)
            return
        if not self.publish(review):
            return
        if rng.random() < 0.5:
            self.set_status(review + timedelta(minutes=2), S.CONFIRMED)
        handled_by = self.route(review + timedelta(minutes=5))
        if handled_by is None:
            return
        if rng.random() < 0.006:
            self.hide(review + _hours(rng.uniform(1, 72)))
        duration = _hours(rng.lognormvariate(math.log(level * 0.45), 0.8))
        close = review + duration
        if rng.random() < 0.2:
            self.reply(review + duration * rng.uniform(0.1, 0.9), handled_by)
        if rng.random() < 0.25:
            self.note(review + duration * rng.uniform(0.05, 0.8), handled_by)
        slug = self.category.slug
        if self.outcome is S.NOT_RESPONSIBLE:
            self.set_status(review + _hours(rng.uniform(2, 48)), S.NOT_RESPONSIBLE,
                            rng.choice(texts.NOT_RESPONSIBLE_NOTES), actor=handled_by)
        elif self.outcome is S.UNABLE_TO_FIX:
            self.set_status(review + duration * 0.3, S.INVESTIGATING, None, actor=handled_by)
            self.set_status(close, S.UNABLE_TO_FIX, rng.choice(texts.UNABLE_NOTES), actor=handled_by)
        elif self.outcome is S.FIXED:
            if rng.random() < 0.6:
                self.set_status(review + duration * 0.3, S.IN_PROGRESS,
                                rng.choice(texts.PROGRESS_NOTES), actor=handled_by)
            elif rng.random() < 0.4:
                self.scheduled(review + duration * 0.3, close, handled_by)
            self.set_status(close, S.FIXED, rng.choice(texts.FIXED_NOTES[slug]), actor=handled_by)
        elif self.outcome is S.ACTION_SCHEDULED:
            self.scheduled(review + duration * 0.3, close + timedelta(days=60), handled_by)
        else:
            self.set_status(review + duration * 0.3, S.IN_PROGRESS, rng.choice(texts.PROGRESS_NOTES),
                            actor=handled_by)

    def scheduled(self, when, planned, actor):
        note = texts.SCHEDULED_NOTE.format(week=week(to_local(planned)))
        self.set_status(when, S.ACTION_SCHEDULED, note, actor=actor)

    def publish(self, when):
        if not self.at(when):
            return False
        row = self.row
        title = f"{self.category.name}: {self.place}"[:200]
        text = texts.PUBLIC_TEXTS[self.category.slug].format(place=self.place)
        row.update(is_published=True, published_at=when, public_title=title, public_text=text)
        self.update(when, UpdateKind.PUBLISHED)
        self.responded(when)
        self.audit(when, "published", self.m.labels.fixed("published"),
                   details={"title": title, "text": text})
        return True

    def route(self, when):
        """Send it on (a report without a department always; now and then another one), and
        assign it to a handler there. The person who handles it, or None if not yet."""
        rng, row, departments = self.rng, self.row, self.m.departments
        if row["department_id"] is None or rng.random() < 0.08:
            choices = [d for d in departments if d != row["department_id"]]
            target = departments[rng.choice(choices)]
            if not self.at(when):
                return None
            before = departments.get(row["department_id"])
            row["department_id"] = target.id
            row["assigned_to_id"] = None
            self.audit(when, "routed", _("Sent the report to %(name)s.", name=target.name),
                       reason=rng.choice(texts.STAFF_REASONS),
                       details={"from": before.slug if before else None, "to": target.slug})
        if rng.random() < 0.7:
            assigned = when + _hours(rng.uniform(0.5, 30))
            person = self.handler_for(row["department_id"])
            if not self.at(assigned):
                return self.actor
            row["assigned_to_id"] = person.id
            self.audit(assigned, "assigned", _("Assigned the report to %(name)s.", name=person.name),
                       details={"user_id": person.id})
            return person
        return self.actor

    def duplicate(self, when):
        original_id, original_created = self.original
        if not self.at(when):
            return
        row = self.row
        ref = reference(original_id, original_created)
        note = _("This is the same matter as %(reference)s. Its history is shown here from now on.",
                 reference=ref)
        row.update(duplicate_of_id=original_id, status=S.DUPLICATE, closed_at=when)
        self.update(when, UpdateKind.STATUS, S.DUPLICATE, note)
        self.responded(when)
        self.audit(when, "marked_duplicate", _("Marked as a duplicate of %(reference)s.", reference=ref),
                   details={"original_id": original_id})

    def hide(self, when):
        if self.at(when):
            self.row["is_hidden"] = True
            self.audit(when, "hidden", self.m.labels.fixed("hidden"), reason=self.rng.choice(texts.HIDE_REASONS))

    def reply(self, when, actor):
        if self.at(when):
            message = self.rng.choice(texts.REPLIES)
            self.update(when, UpdateKind.REPLY, None, message)
            self.responded(when)
            self.audit(when, "replied", self.m.labels.fixed("replied"), actor=actor,
                       details={"message": message})

    def note(self, when, author):
        if when < self.m.now:  # a note does not change the report's version
            self.m.batch.add(ReportNote, report_id=self.row["id"], author_id=author.id,
                             body=self.rng.choice(texts.INTERNAL_NOTES), created_at=when)
            self.audit(when, "note_added", self.m.labels.fixed("note_added"), actor=author)
