"""Public news: the list, one item, its image, and the RSS and Atom feeds."""
from flask import Blueprint, abort, current_app, render_template, request, send_from_directory
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy.orm import selectinload

from portal import feeds
from portal.extensions import db
from portal.news import images
from portal.news.models import NewsItem, NewsTag
from portal.timeutil import utcnow
from portal.urls import absolute_url, page_arg

bp = Blueprint("news", __name__)


def news_feeds():
    """The news feeds, for <link rel="alternate"> on every page that lists news."""
    return [
        feeds.alternate("rss", _("News (RSS)"), "news.rss"),
        feeds.alternate("atom", _("News (Atom)"), "news.atom"),
    ]


def _with_details(query):
    return query.options(selectinload(NewsItem.tags), selectinload(NewsItem.author))


def latest_news(count):
    return db.session.scalars(_with_details(NewsItem.visible()).limit(count)).all()


@bp.route("/nyheter")
def index():
    query = _with_details(NewsItem.visible())
    tag = None
    if request.args.get("amne"):
        tag = db.session.scalar(db.select(NewsTag).where(NewsTag.slug == request.args["amne"]))
        if tag is None:
            abort(404)
        query = query.where(NewsItem.tags.any(NewsTag.id == tag.id))
    per_page = current_app.config["NEWS_PER_PAGE"]
    page = db.paginate(query, page=page_arg(), per_page=per_page, max_per_page=per_page, error_out=False)
    return render_template(
        "news/index.html",
        page=page,
        tag=tag,
        feeds=news_feeds(),
        page_changed=feeds.latest(*(item.changed_at for item in page.items)),
    )


def _visible_item(**criteria):
    item = db.session.scalar(_with_details(NewsItem.visible()).filter_by(**criteria).limit(1))
    if item is None:
        abort(404)
    return item


@bp.route("/nyheter/<slug>")
def show(slug):
    item = _visible_item(slug=slug)
    return render_template("news/show.html", item=item, feeds=news_feeds(), page_changed=item.changed_at)


@bp.route("/nyheter/bild/<name>")
def image(name):
    """The image of a published item (the clean copy; names are unguessable and fixed)."""
    _visible_item(image_file=name)
    response = send_from_directory(images.folder(), name, mimetype=images.content_type(name))
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


def feed_changed_at():
    """The newest change that can alter a news feed: a row written (unpublishing too), or
    a scheduled item whose time has come."""
    written = db.session.scalar(db.select(db.func.max(NewsItem.updated_at)))
    appeared = db.session.scalar(
        db.select(db.func.max(NewsItem.published_at)).where(NewsItem.published_at <= utcnow())
    )
    return feeds.latest(written, appeared)


def _feed_content(item):
    """The full text as on the page: the image first, then the cleaned body."""
    if not item.image_file:
        return item.body_html
    image = (
        f'<p><img src="/nyheter/bild/{escape(item.image_file)}" alt="{escape(item.image_alt or "")}" '
        f'width="{item.image_width}" height="{item.image_height}"></p>\n'
    )
    return image + item.body_html


def _news_feed(kind):
    changed = feed_changed_at()
    feed = feeds.new_feed(
        _("News"),
        _("News about the safety work in %(municipality)s.",
          municipality=current_app.config["MUNICIPALITY_NAME"]),
        absolute_url("news.index"),
        absolute_url(f"news.{kind}"),
        changed,
    )
    for item in latest_news(current_app.config["FEED_ITEMS"]):
        feeds.add_entry(
            feed,
            f"nyheter/{item.id}",
            item.created_at,
            title=item.title,
            url=absolute_url("news.show", slug=item.slug),
            published=item.published_at,
            updated=item.changed_at,
            summary=item.summary,
            content_html=_feed_content(item),
            author=item.author.name,
            categories=[tag.name for tag in item.tags],
        )
    return feeds.feed_response(feed, kind, changed)


@bp.route("/nyheter/rss.xml")
def rss():
    return _news_feed("rss")


@bp.route("/nyheter/atom.xml")
def atom():
    return _news_feed("atom")
