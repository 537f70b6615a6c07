"""What every feed of the portal shares: a FeedGenerator with our defaults, entries with
absolute links and stable ids, and a response that answers conditional requests.

A new feed (the evening walks', say) is a route that does:

    feed = feeds.new_feed(_("Evening walks"), _("…"), absolute_url("walks.index"),
                          absolute_url("walks_feed.rss"), changed)
    for walk in walks:
        feeds.add_entry(feed, f"promenader/{walk.id}", walk.created_at, title=…, url=…,
                        published=walk.published_at, updated=walk.updated_at, summary=…)
    return feeds.feed_response(feed, "rss", changed)

and announces itself on its pages with `feeds=[feeds.alternate("rss", title, "walks_feed.rss")]`.
"""
import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for
from lxml import etree

from portal.i18n import current as current_language

CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
# A feed with nothing in it yet still needs a date; a fixed one keeps its ETag stable.
EMPTY_FEED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')
# What XML 1.0 cannot carry at all (lxml refuses the whole document for one of them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# RSS readers treat an item's title and description as HTML: these hold plain text.
_RSS_PLAIN_TEXT = ("channel/title", "channel/description", "channel/item/title",
                   "channel/item/description")


def xml_text(value):
    """A stored string as text XML can carry: characters XML forbids are dropped, so no
    string in the database can make a feed fail."""
    return _NOT_XML.sub("", str(value)) if value is not None else None


def as_utc(value):
    """A naive-UTC timestamp from the database as an aware datetime, as feeds need."""
    return value.replace(tzinfo=UTC, microsecond=0) if value is not None else None


def latest(*values):
    """The newest of some timestamps (None where there are none)."""
    return max((value for value in values if value is not None), default=None)


def absolute_html(html):
    """Links and images in published HTML made absolute, since a feed reader has no page
    to resolve "/rapporter" against."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return _RELATIVE_LINK.sub(lambda match: f'{match[1]}{base}/', html or "")


def tag_uri(name, created_at):
    """A permanent id for an entry (RFC 4151), unchanged if its title or address changes:
    tag:trygghet.bjuv.se,2026-06-26:nyheter/12."""
    host = urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"
    return f"tag:{host},{created_at:%Y-%m-%d}:{name}"


def new_feed(title, description, page_url, self_url, changed_at):
    """A feed of the portal: in the request's language, the municipality as author, absolute links (see
    portal.urls.absolute_url) to the page it mirrors and to itself. `changed_at` is the
    newest change (None if there is none)."""
    config = current_app.config
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(xml_text(f"{title} – {config['SERVICE_NAME']}, {config['MUNICIPALITY_NAME']}"))
    feed.subtitle(xml_text(description))
    feed.link(href=self_url, rel="self")
    feed.link(href=page_url, rel="alternate")  # the last link is RSS's <link>
    feed.author(name=xml_text(config["MUNICIPALITY_NAME"]))
    feed.language(current_language().tag)  # RSS <language>, Atom xml:lang: /en/… is English
    feed.generator(config["SERVICE_NAME"])
    # Never the time of the request: the same content gives the same bytes and ETag.
    changed = as_utc(changed_at) or EMPTY_FEED_DATE
    feed.updated(changed)
    feed.lastBuildDate(changed)
    feed.ttl(max(1, current_app.config["FEED_MAX_AGE"] // 60))
    return feed


def add_entry(feed, entry_id, created_at, *, title, url, published, updated, summary,
              content_html=None, author=None, categories=()):
    """Add an entry after those already added (add them newest first). `title` and
    `summary` are plain text (escaped for RSS by feed_response); `content_html` must
    already be cleaned by portal.sanitize; its relative links are made absolute."""
    entry = feed.add_entry(order="append")
    entry.id(tag_uri(entry_id, created_at))
    entry.guid(tag_uri(entry_id, created_at), permalink=False)
    entry.title(xml_text(title))
    entry.link(href=url, rel="alternate")
    entry.published(as_utc(published))
    entry.updated(as_utc(latest(published, updated)))
    entry.summary(xml_text(summary))  # RSS <description>; Atom <summary> (type text)
    if content_html:
        entry.content(xml_text(absolute_html(content_html)), type="html")
    if author:
        entry.author(name=xml_text(author))
    for term in categories:
        entry.category(term=xml_text(term))
    return entry


def _rss_bytes(feed):
    """RSS 2.0 with its plain-text fields HTML-escaped: RSS cannot mark a title or a
    description as text, and readers render them as HTML, so "<img …>" typed by a resident
    must arrive as "&lt;img …&gt;" (the content, already clean HTML, is left as it is)."""
    root = etree.fromstring(feed.rss_str())
    for path in _RSS_PLAIN_TEXT:
        for element in root.iterfind(path):
            element.text = html.escape(element.text or "", quote=False)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def feed_response(feed, kind, changed_at):
    """The feed as RSS 2.0 or Atom, with an ETag of its bytes, Last-Modified, a short
    Cache-Control, and 304 Not Modified when the reader already has this version."""
    body = _rss_bytes(feed) if kind == "rss" else feed.atom_str(pretty=True)
    response = current_app.response_class(body, content_type=CONTENT_TYPES[kind])
    response.add_etag()
    if changed_at is not None:
        response.last_modified = as_utc(changed_at)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    return response.make_conditional(request)


def alternate(kind, title, endpoint, **values):
    """A feed for <link rel="alternate"> in the page's head (and a visible link)."""
    return {
        "type": CONTENT_TYPES[kind].split(";")[0],
        "title": title,
        "href": url_for(endpoint, **values),
        "kind": kind,
    }
