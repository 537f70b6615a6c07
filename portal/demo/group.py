"""The demo's Trygga chefer: three meetings before today, with minutes and actions owned by
the departments' handlers; some done, one open past its deadline, some still ahead."""
from datetime import timedelta

from portal.accounts.models import Role
from portal.extensions import db
from portal.group.models import ActionStatus, GroupAction, GroupMeeting
from portal.timeutil import utcnow

MEETINGS = [
    (84, "Trygga chefer: planering inför sommaren",
     "Genomgång av förra sommarens skadegörelse. Väktarinsatsen upphandlas för Bjuv och Billesholm.",
     [("Ta fram lista över platser med trasig belysning", "samhallsbyggnad", 21, ActionStatus.DONE),
      ("Informera skolorna om kvällspromenaderna", "skola", 14, ActionStatus.DONE),
      ("Samordna fältarbetarnas kvällar med väktarna", "socialtjanst", 30, ActionStatus.IN_PROGRESS)]),
    (42, "Trygga chefer: läget efter sommaren",
     "Sommarinsatsen gav färre anmälningar om klotter i insatsområdena. Skateparken behöver mer ljus.",
     [("Offert på belysning vid skateparken", "samhallsbyggnad", 20, ActionStatus.OPEN),
      ("Fritidsgårdens öppettider under höstlovet", "kultur-och-fritid", 60, ActionStatus.OPEN)]),
    (7, "Trygga chefer: höstens uppföljning",
     "Uppföljning av öppna åtgärder. Polisen rapporterar lugnare helger vid stationen.",
     [("Trygghetsvandring med boende i Ekeby", "vard-och-omsorg", 30, ActionStatus.OPEN)]),
]


def add_meetings(staff, today):
    """Flushes only. Owners are the first handler of each department (skipped without one)."""
    by_slug = {}
    for handlers in staff.handlers.values():
        for user in handlers:
            if user.role is Role.HANDLER:
                for department in user.departments:
                    by_slug.setdefault(department.slug, (department, user))
    made = []
    for days_ago, title, minutes, actions in MEETINGS:
        held_on = today - timedelta(days=days_ago)
        meeting = GroupMeeting(held_on=held_on, title=title, minutes=minutes)
        for text, slug, deadline_days, status in actions:
            if slug not in by_slug:
                continue
            department, owner = by_slug[slug]
            meeting.actions.append(GroupAction(
                title=text, department=department, owner=owner, deadline=held_on + timedelta(days=deadline_days),
                status=status, done_at=utcnow() if status is ActionStatus.DONE else None))
        made.append(meeting)
    db.session.add_all(made)
    db.session.flush()
    return made
