"""Public events: upcoming (and past) ones, one event, its .ics file and the RSS feed."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from portal import feeds
from portal.common import calendar
from portal.common.dates import when
from portal.events.ics import event_ics
from portal.events.models import Event
from portal.extensions import db
from portal.timeutil import utcnow
from portal.urls import absolute_url, page_arg

bp = Blueprint("events", __name__)


def event_time(event):
    """fredag 26 juni 2026 kl. 19.00–22.00 (or until another day, or with no end)."""
    return when(event.starts_at, event.ends_at)


def event_feeds():
    return [feeds.alternate("rss", _("Events (RSS)"), "events.rss")]


def upcoming_events(count):
    return db.session.scalars(Event.upcoming().limit(count)).all()


@bp.route("/evenemang")
def index():
    past = request.args.get("visa") == "tidigare"
    per_page = current_app.config["EVENTS_PER_PAGE"]
    page = db.paginate(Event.past() if past else Event.upcoming(), page=page_arg(), per_page=per_page,
                       max_per_page=per_page, error_out=False)
    return render_template(
        "events/index.html",
        page=page,
        past=past,
        feeds=event_feeds(),
        page_changed=feeds.latest(*(event.changed_at for event in page.items)),
    )


def _visible_event(event_id):
    event = db.session.get(Event, event_id)
    if event is None or not event.is_public:
        abort(404)
    return event


@bp.route("/evenemang/<int:event_id>")
def show(event_id):
    event = _visible_event(event_id)
    return render_template("events/show.html", event=event, feeds=event_feeds(),
                           page_changed=event.changed_at)


@bp.route("/evenemang/<int:event_id>.ics")
def ics(event_id):
    event = _visible_event(event_id)
    response = current_app.response_class(event_ics(event), content_type=calendar.CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="evenemang-{event.id}.ics"'
    return response


def feed_changed_at():
    """The newest change that can alter the feed: a row written, or an event that has
    ended and so left the list of upcoming ones."""
    written = db.session.scalar(db.select(db.func.max(Event.updated_at)))
    end = db.func.coalesce(Event.ends_at, Event.starts_at)
    ended = db.session.scalar(db.select(db.func.max(end)).where(end < utcnow()))
    return feeds.latest(written, ended)


@bp.route("/evenemang/rss.xml")
def rss():
    changed = feed_changed_at()
    feed = feeds.new_feed(
        _("Events"),
        _("Coming events about safety in %(municipality)s.",
          municipality=current_app.config["MUNICIPALITY_NAME"]),
        absolute_url("events.index"), absolute_url("events.rss"), changed,
    )
    for event in upcoming_events(current_app.config["FEED_ITEMS"]):
        title = f"{event.title} ({event_time(event)})"
        if event.is_cancelled:
            title = _("Cancelled: %(title)s", title=title)
        feeds.add_entry(
            feed, f"evenemang/{event.id}", event.created_at,
            title=title,
            url=absolute_url("events.show", event_id=event.id),
            published=event.published_at,
            updated=event.changed_at,
            summary=_("%(when)s, %(place)s", when=event_time(event), place=event.place),
            content_html=event.description_html,
        )
    return feeds.feed_response(feed, "rss", changed)
