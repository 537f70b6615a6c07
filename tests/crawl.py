"""The crawl's list of pages: every GET rule of the URL map, its arguments filled with real
ids and signed links from the realistic data, for each role, with the status the role
should get. Used by tests/test_crawl.py (HTTP, the Nu Html Checker) and
tests/browser/test_crawl.py (axe-core, reflow at 320 px)."""
import re
from dataclasses import dataclass, field

from flask import url_for

from portal.accounts.models import Role, User
from portal.accounts.permissions import can_handle
from portal.alerts.models import Alert, Subscriber
from portal.efforts.models import Effort
from portal.events.models import Event
from portal.extensions import db
from portal.followup.models import FixedSurvey
from portal.group.models import GroupMeeting
from portal.lagesbild.sections import STAFF_SECTIONS
from portal.news.models import NewsItem
from portal.open311.models import ApiRequest
from portal.reports.models import Category, Department, Report, ReportPhoto
from portal.timeutil import utcnow
from portal.walks import tokens
from portal.walks.models import SignupStatus, WalkSignup, WalkSlot

ROLES = ("visitor", "coordinator", "handler", "editor", "police")
# Every public page again in a right-to-left language (issue 18): the Nu Html Checker,
# axe-core and the 320 px reflow check see the Arabic pages as well.
RIGHT_TO_LEFT = "/ar"
NOT_TRANSLATED = ("/admin", "/healthz", "/lattlast/", "/nationella-minoriteter")

# Not crawled: `static` (files, not pages). Every other GET rule must have samples below.
SKIPPED_ENDPOINTS = {"static"}

# Lists with pages: endpoint → a pattern that one row of the list matches.
PAGED = {
    "reports.index": r'href="/rapporter/\d+"',
    "news.index": r'href="/nyheter/[^"/]+"',
    "events.index": r'href="/evenemang/\d+"',
    "desk.queue": r'href="/admin/rapporter/\d+"',
    "audit.log": r"<tbody>\s*<tr",
}
PAGE_COUNT = re.compile(r"Sida (\d+) av (\d+)")


@dataclass(frozen=True)
class Visit:
    role: str
    url: str
    endpoint: str
    status: int  # what this role should get: 200, 302 (to the login page), 403 or 404
    method: str = "GET"
    data: tuple = ()  # a refused form post: the fields sent
    plain: bool = field(default=False)  # a GET without a query string
    page: int = 0  # page 2 or the last page of a list

    @property
    def label(self):
        return f"{self.role} {self.method} {self.url}"


def _first(query):
    return db.session.scalar(query.limit(1))


def samples(handler_email=None):
    """Arguments for each endpoint with parameters: a list of dicts, from the database.
    Call inside an app context."""
    now = utcnow()
    public = Report.public().order_by(Report.id)
    with_photo = _first(public.join(ReportPhoto).where(~ReportPhoto.is_hidden))
    plain_public = _first(public.where(~Report.photos.any()))
    handler = db.session.scalar(db.select(User).where(User.email == handler_email)) if handler_email \
        else _first(db.select(User).where(User.role == Role.HANDLER).order_by(User.id))
    mine = _first(db.select(Report).where(Report.department_id.in_(handler.department_ids))
                  .where(Report.photos.any()).order_by(Report.id)) \
        or _first(db.select(Report).where(Report.department_id.in_(handler.department_ids)).order_by(Report.id))
    not_mine = _first(db.select(Report).where(Report.department_id.not_in(handler.department_ids))
                      .where(Report.assigned_to_id.is_(None)).order_by(Report.id))
    hidden = _first(db.select(Report).where(Report.is_hidden).order_by(Report.id))
    duplicate = _first(db.select(Report).where(Report.duplicate_of_id.is_not(None)).order_by(Report.id))
    replied = _first(db.select(Report).where(Report.contact.has()).order_by(Report.id.desc()))
    cases = [r for r in (mine, not_mine, hidden, duplicate, replied) if r is not None]
    photo_report = _first(db.select(Report).where(Report.photos.any()).order_by(Report.id))

    coming = db.select(WalkSlot).where(WalkSlot.starts_at > now, WalkSlot.cancelled_at.is_(None))
    busiest = _first(coming.join(WalkSignup).group_by(WalkSlot.id)
                     .order_by(db.func.count(WalkSignup.id).desc(), WalkSlot.starts_at))
    cancelled = _first(db.select(WalkSlot).where(WalkSlot.cancelled_at.is_not(None)))
    held = _first(db.select(WalkSlot).where(WalkSlot.ends_at < now, WalkSlot.cancelled_at.is_(None))
                  .where(WalkSlot.signups.any()).order_by(WalkSlot.starts_at.desc()))
    slots = [s for s in (busiest, cancelled, held) if s is not None]
    confirmed_coming = _first(db.select(WalkSignup).join(WalkSlot).where(
        WalkSignup.status == SignupStatus.CONFIRMED, WalkSlot.starts_at > now,
        WalkSlot.cancelled_at.is_(None)))
    waiting = _first(db.select(WalkSignup).where(WalkSignup.status == SignupStatus.WAITING))
    reported = _first(db.select(WalkSignup).where(WalkSignup.report.has()))
    unreported = _first(db.select(WalkSignup).join(WalkSlot).where(
        WalkSignup.status == SignupStatus.CONFIRMED, WalkSlot.starts_at < now,
        WalkSlot.cancelled_at.is_(None), ~WalkSignup.report.has()))
    signups = [s for s in (confirmed_coming, waiting) if s is not None]
    report_links = [s for s in (reported, unreported) if s is not None]

    published_news = NewsItem.visible()
    news_with_image = _first(published_news.where(NewsItem.image_file.is_not(None))) \
        or _first(db.select(NewsItem).where(NewsItem.image_file.is_not(None)))
    news_items = [_first(published_news)]
    drafts = [_first(db.select(NewsItem).where(NewsItem.published_at.is_(None))),
              _first(db.select(NewsItem).where(NewsItem.published_at > now))]
    events = [_first(Event.upcoming()), _first(Event.past()),
              _first(Event.visible().where(Event.is_cancelled))]
    event_drafts = [_first(db.select(Event).where(Event.published_at.is_(None)))]
    tables = [name for _key, names, _build in STAFF_SECTIONS for name in names]
    alerts = [_first(db.select(Alert).where(Alert.confirmed_at.is_(None)).order_by(Alert.id)),
              _first(db.select(Alert).where(Alert.confirmed_at.is_not(None), Alert.ended_at.is_(None),
                                            Alert.report_id.is_not(None)).order_by(Alert.id)),
              _first(db.select(Alert).where(Alert.ended_at.is_not(None)).order_by(Alert.id))]
    surveys = [_first(db.select(Report).join(FixedSurvey, FixedSurvey.report_id == Report.id)
                      .where(FixedSurvey.answered_at.is_(None))),
               _first(db.select(Report).join(FixedSurvey, FixedSurvey.report_id == Report.id)
                      .where(FixedSurvey.stayed_fixed.is_(False)))]
    efforts = db.session.scalars(db.select(Effort).order_by(Effort.first_day)).all()
    meetings = db.session.scalars(db.select(GroupMeeting).order_by(GroupMeeting.held_on.desc())).all()

    def each(name, things, attr="id"):
        return [{name: getattr(t, attr) if attr else t} for t in things if t is not None]

    api_tokens = db.session.scalars(db.select(ApiRequest.token).order_by(ApiRequest.id)).all()
    formats = [{"fmt": "json"}, {"fmt": "xml"}]
    return {
        # Open311 (issue 19): every method in both formats; not HTML, so vnu and axe skip them.
        **{f"open311.{name}": formats for name in ("discovery", "services_list", "requests", "updates")},
        "open311.service_definition": [{"code": "klotter", **f} for f in formats],
        "open311.request_one": [{"request_id": str(plain_public.id), **f} for f in formats],
        "open311.token": [{"token": token, **f} for token in api_tokens for f in formats],
        "reports.nearby": [{"category": with_photo.category_id, "lat": with_photo.lat or 56.08,
                            "lon": with_photo.lon or 12.92}] if with_photo else [],
        "reports.show": each("report_id", [with_photo, plain_public]),
        "reports.public_photo": [{"report_id": with_photo.id,
                                  "photo_id": with_photo.public_photos[0].id}] if with_photo else [],
        "reports.follow": each("token", cases, "follow_token"),
        "reports.receipt": each("token", cases[:1], "follow_token"),
        "desk_case.case": each("report_id", cases),
        "desk_case.photo": [{"report_id": photo_report.id, "photo_id": photo_report.photos[0].id, "copy": copy}
                       for copy in ("original", "publik")],
        "walks.slot": each("slot_id", slots),
        "walks.signed_up": each("slot_id", slots[:1]),
        "walks.slot_ics": each("slot_id", slots[:1]),
        "walks.signup": [{"token": tokens.make("signup", s.link_key)} for s in signups],
        "walks.cancel": [{"token": tokens.make("signup", s.link_key)} for s in signups[:1]],
        "walks.report": [{"token": tokens.make("report", s.link_key)} for s in report_links],
        "walks.feed": [{"token": tokens.make("calendar", s.calendar_key)} for s in signups[:1]],
        "walks_roster.slot": each("slot_id", slots),
        "walks_admin.edit": each("slot_id", slots[:1]),
        "walks_admin.cancel": each("slot_id", slots[:1]),
        "walks_roster.roster_csv": each("slot_id", slots[:1]),
        "walk_message.message": each("slot_id", slots[:1]),
        "walk_walkers.phoned_in": each("slot_id", slots[:1]),
        "walk_walkers.move_walker": [{"slot_id": confirmed_coming.slot_id, "signup_id": confirmed_coming.id}]
        if confirmed_coming else [],
        "news.show": each("slug", news_items, "slug"),
        "news.image": each("name", [news_with_image], "image_file"),
        "news_admin.admin_image": each("name", [news_with_image], "image_file"),
        "news_admin.admin_edit": each("item_id", [*news_items, *drafts]),
        "events.show": each("event_id", events),
        "events.ics": each("event_id", events[:1]),
        "events_admin.admin_edit": each("event_id", [*events[:1], *event_drafts]),
        "accounts_admin.user_edit": each("user_id", [handler]),
        "accounts_admin.user_password": each("user_id", [handler]),
        "settings.category_edit": each("category_id", [_first(db.select(Category).order_by(Category.id))]),
        "settings.department_edit": each("department_id", [_first(db.select(Department).order_by(Department.id))]),
        "lagesbild.staff_csv": [{"table": name} for name in tables],
        "alerts.follow_report": each("report_id", [plain_public]),
        "alerts.confirm": each("token", alerts, "token"),
        "alerts.unsubscribe": each("token", alerts[1:], "token"),
        "alerts.subscriber": each("token", [_first(db.select(Subscriber).where(Subscriber.alerts.any())
                                                   .order_by(Subscriber.id))], "token"),
        "followup.survey": each("token", surveys, "follow_token"),
        "efforts.show": each("effort_id", efforts),
        "group.meeting": each("meeting_id", meetings),
        "group.record": each("meeting_id", meetings[:1]),
        "group.actions_csv": each("meeting_id", meetings[:1]),
        "efforts.edit": each("effort_id", efforts[:1]),
        "efforts.table_csv": [{"effort_id": efforts[0].id, "table": name}
                              for name in ("insats-faser", "insats-veckor", "insats-atgarder")] if efforts else [],
    }


# Query-string states worth a look of their own (filters, past events, bad input), with
# the status when it is not the page's own: a filter the page cannot read is refused (422)
# where the page is a search form (the audit log), an unknown topic is not found.
EXTRA_QUERIES = {
    "reports.index": [("?status=fixed", None), ("?category=1&status=bogus", None),
                      ("?status=fixed&page=999", None)],
    "events.index": [("?visa=tidigare", None)],
    "alerts.new": [("?lat=56.084&lon=12.919&plats=Storgatan", None), ("?omrade=bjuv&kategori=1", None),
                   ("?lat=nan&lon=x&omrade=%3Cb%3E", None)],
    "reports_feed.feed": [("?omrade=bjuv", None), ("?lat=56.084&lon=12.919&radie=500", None),
                          ("?omrade=atlantis", 400)],
    "news.index": [("?amne=finns-inte", 404)],
    "desk.queue": [("?status=received&received_from=2020-01-01", None),
                   ("?status=bogus&category=x&department=x&received_from=ig%C3%A5r", None),
                   ("?q=TR-2026-00001", None)],
    "audit.log": [("?action=bogus&date_from=31%2F12", 422)],
    "lagesbild.staff": [("?date_from=2026-13-45&area=x%22y&category=%3Cb%3E", None)],
    "efforts.show": [("?category=%3Cb%3E", None)],
    "desk_case.case": [("?mall=1&till=svara", None)],
    "exports.reports": [("?date_from=bogus", None)],
    "open311.requests": [("?extensions=true", None), ("?page_size=5000", 400),
                         ("?jurisdiction_id=annan.se", 404)],
}


def expected_status(app, rule, role, user, args):
    """What `role` should get: staff pages send a visitor to log in and other roles to
    403; a handler gets 403 on a report outside their departments."""
    view = app.view_functions[rule.endpoint]
    roles = getattr(view, "staff_roles", None)
    if rule.endpoint == "accounts.login":
        return 200 if role == "visitor" else 302  # staff already logged in go to their desk
    if rule.endpoint in ("signin.code", "signin.enrol_at_login"):
        # The second step of a login: without a first step, back to the password (303);
        # staff already logged in go to their desk. tests/browser/test_signin_flow.py checks
        # these pages with axe-core in the state where they show.
        return 303 if role == "visitor" else 302
    if rule.endpoint.startswith("sso."):
        return 404  # single sign-on is not configured for the crawl (tests/test_sso.py)
    if roles is None:
        return 200
    if role == "visitor":
        return 302
    if not user.has_role(*roles):
        return 403
    if "report_id" in args:
        return 200 if can_handle(user, db.session.get(Report, args["report_id"])) else 403
    return 200


def build_visits(municipality):
    """Every (role, URL) the crawl requests, with the expected status."""
    app = municipality.app
    visits = []
    with app.test_request_context():
        users = {role: db.session.scalar(db.select(User).where(User.email == emails[0]))
                 for role, emails in municipality.accounts.items()}
        values = samples(municipality.accounts["handler"][0])
        rules = [r for r in app.url_map.iter_rules()
                 if "GET" in r.methods and r.endpoint not in SKIPPED_ENDPOINTS]
        for rule in sorted(rules, key=lambda r: r.rule):
            if rule.arguments or rule.endpoint in values:
                assert values.get(rule.endpoint), f"teach the crawl arguments for {rule.rule}"
                arg_sets = values[rule.endpoint]
            else:
                arg_sets = [{}]
            for args in arg_sets:
                url = url_for(rule.endpoint, **args)
                for role in ROLES:
                    status = expected_status(app, rule, role, users.get(role), args)
                    visits.append(Visit(role, url, rule.endpoint, status, plain=True))
                    for query, special in EXTRA_QUERIES.get(rule.endpoint, []):
                        visits.append(Visit(role, url + query, rule.endpoint,
                                            special if special and status == 200 else status))
        visits.extend(_refused_posts(values))
    visits.extend(Visit(visit.role, RIGHT_TO_LEFT + visit.url, visit.endpoint, visit.status, plain=visit.plain)
                  for visit in list(visits)
                  if visit.role == "visitor" and visit.method == "GET" and visit.status == 200
                  and not visit.url.startswith(NOT_TRANSLATED))
    return visits


def _refused_posts(values):
    """Forms sent back with errors, so their error states are checked too. Nothing is
    saved: every one of them fails validation."""
    slot = values["walks.slot"][0]["slot_id"]
    posts = [
        ("visitor", url_for("reports.new"), "reports.new", {"description": ""}),
        ("visitor", url_for("walks.slot", slot_id=slot), "walks.slot", {"name": "", "email": "x"}),
        ("visitor", url_for("alerts.new"), "alerts.new", {"kind": "radius", "place": "Okänd plats", "email": "x"}),
        ("visitor", url_for("alerts.follow_report", **values["alerts.follow_report"][0]), "alerts.follow_report",
         {"email": "inte-en-adress"}),
        ("coordinator", url_for("news_admin.admin_new"), "news_admin.admin_new", {"title": "", "action": "publish"}),
        ("coordinator", url_for("events_admin.admin_new"), "events_admin.admin_new", {"title": "", "starts_on": "x"}),
        ("coordinator", url_for("settings.category_new"), "settings.category_new", {"name": ""}),
        ("coordinator", url_for("accounts_admin.user_new"), "accounts_admin.user_new", {"email": "inte-en-adress"}),
        ("coordinator", url_for("walks_admin.new_slot"), "walks_admin.new_slot", {"day": "igår", "capacity": "x"}),
        ("coordinator", url_for("efforts.new"), "efforts.new", {"name": "", "first_day": "x", "walks": "-1"}),
        ("coordinator", url_for("guards.new"), "guards.new", {"day": "x", "planned_hours": "många"}),
        ("coordinator", url_for("response_templates.new"), "response_templates.new", {"title": "", "body": ""}),
        ("coordinator", url_for("group.new_meeting"), "group.new_meeting", {"held_on": "igår", "title": ""}),
    ]
    for link in values["walks.report"][1:]:
        posts.append(("visitor", url_for("walks.report", **link), "walks.report", {"youths_met": "många"}))
    return [Visit(role, url, endpoint, 422, method="POST", data=tuple(data.items()))
            for role, url, endpoint, data in posts]


@dataclass
class Result:
    visit: Visit
    status: int
    content_type: str
    body: str
    location: str | None

    @property
    def is_html(self):
        return self.content_type.startswith("text/html")


def more_pages(visit, body):
    """Page 2 and the last page of a list, from "Sida 1 av N" on its first page."""
    found = PAGE_COUNT.search(body)
    if visit.endpoint not in PAGED or not visit.plain or not found:
        return []
    last = int(found.group(2))
    return [Visit(visit.role, f"{visit.url}?page={number}", visit.endpoint, visit.status, page=number)
            for number in sorted({2, last}) if number > 1]


_CRAWLS = {}


def crawl(municipality):
    """Request every visit once per run (the HTTP test and the browser test share it)."""
    key = id(municipality.app)
    if key not in _CRAWLS:
        clients = {role: municipality.app.test_client() if role == "visitor" else municipality.login(role)
                   for role in ROLES}
        results = []
        queue = build_visits(municipality)
        while queue:
            visit = queue.pop(0)
            client = clients[visit.role]
            with client.open(visit.url, method=visit.method, data=dict(visit.data)) as response:
                result = Result(visit, response.status_code, response.content_type or "",
                                response.get_data(as_text=True) if not response.direct_passthrough
                                and (response.content_type or "").startswith(("text/", "application/"))
                                and response.mimetype != "application/zip"
                                else "", response.headers.get("Location"))
            results.append(result)
            if result.status == 200:
                queue[:0] = more_pages(visit, result.body)
        _CRAWLS[key] = results
    return _CRAWLS[key]
