"""The RSS feed of coming evening walks, for residents who follow the rota in a reader.

It carries when and where, never who: no walker's name, and no free-places count either,
which changes with every sign-up and would make every poll a download."""
from flask import Blueprint, current_app
from flask_babel import gettext as _

from portal import feeds
from portal.common.dates import time_span, weekday_date
from portal.extensions import db
from portal.timeutil import utcnow
from portal.urls import absolute_url
from portal.walks import queries
from portal.walks.models import WalkSlot

bp = Blueprint("walks_feed", __name__)


def walk_feeds():
    """The feed the walk pages announce in their head and show as a link."""
    return [feeds.alternate("rss", _("Evening walks (RSS)"), "walks_feed.rss")]


def feed_changed_at():
    """The newest change that can alter the feed: a walk written, or one that has started
    and so left the list of coming walks."""
    written = db.session.scalar(db.select(db.func.max(WalkSlot.updated_at)))
    started = db.session.scalar(
        db.select(db.func.max(WalkSlot.starts_at)).where(WalkSlot.starts_at <= utcnow())
    )
    return feeds.latest(written, started)


@bp.route("/promenader/rss.xml")
def rss():
    changed = feed_changed_at()
    feed = feeds.new_feed(
        _("Evening walks"),
        _("Coming evening walks in %(municipality)s. Sign up on the walk's page.",
          municipality=current_app.config["MUNICIPALITY_NAME"]),
        absolute_url("walks.index"), absolute_url("walks_feed.rss"), changed,
    )
    for slot in queries.upcoming()[: current_app.config["FEED_ITEMS"]]:
        title = _("%(day)s, %(time)s: %(area)s",
                  day=weekday_date(slot.starts_at), time=time_span(slot.starts_at, slot.ends_at), area=slot.area)
        if slot.is_cancelled:
            title = _("Cancelled: %(title)s", title=title)
        feeds.add_entry(
            feed, f"promenader/{slot.id}", slot.created_at,
            title=title,
            url=absolute_url("walks.slot", slot_id=slot.id),
            published=slot.created_at,
            updated=slot.updated_at,
            summary=_("Meeting point: %(place)s. Area: %(area)s.",
                      place=slot.meeting_point, area=slot.area),
        )
    return feeds.feed_response(feed, "rss", changed)
