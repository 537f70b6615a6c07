"""The rules for news items: an address (slug) of their own, topics, the rendered text and
the image; drafts, publishing now or later, changes and unpublishing as in portal.editorial."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import editorial
from portal.common.rules import RuleError
from portal.common.slugs import SLUG_MAX, slugify
from portal.extensions import db
from portal.markup import render_markdown
from portal.news import images
from portal.news.models import NewsItem, NewsTag
from portal.sanitize import plain_text


def _slug_taken(slug, own_id):
    query = db.select(NewsItem.id).where(NewsItem.slug == slug)
    if own_id is not None:
        query = query.where(NewsItem.id != own_id)
    return db.session.scalar(query) is not None


def _free_slug(slug, own_id):
    """The slug with the first free number after it: sommar-2, sommar-3 …"""
    number = 2
    while True:
        candidate = f"{slug[:SLUG_MAX - len(str(number)) - 1].rstrip('-')}-{number}"
        if not _slug_taken(candidate, own_id):
            return candidate
        number += 1


def _choose_slug(item, wanted, title):
    slug = wanted or slugify(title)
    if not slug:
        raise RuleError(_("Write an address with letters a–z or digits: the title has none."), "slug")
    if _slug_taken(slug, item.id):
        suggestion = _free_slug(slug, item.id)
        raise RuleError(
            _("Another news item already has the address %(slug)s. Choose another, for "
              "example %(suggestion)s.", slug=slug, suggestion=suggestion),
            "slug",
            suggestion=suggestion,
        )
    return slug


def tags_named(names):
    """The topics with these names, made the first time they are used (the same letters in
    another case, or without å ä ö, are the same topic)."""
    tags = []
    for name in names:
        tag = db.session.scalar(db.select(NewsTag).where(NewsTag.slug == slugify(name)))
        if tag is None:
            tag = NewsTag(slug=slugify(name), name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def _state(item):
    return {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body_source,
        "image": item.image_file,
        "image_alt": item.image_alt,
        "tags": [tag.slug for tag in item.tags],
    }


def _apply(item, content):
    item.slug = _choose_slug(item, content.slug, content.title)
    item.title = plain_text(content.title)
    item.summary = plain_text(content.summary)
    item.body_source = content.body
    item.body_html = render_markdown(content.body)
    if content.new_image and content.new_image != item.image_file:
        item.image_file = content.new_image
        item.image_width, item.image_height = images.size(content.new_image)
    elif content.remove_image:
        item.image_file = item.image_width = item.image_height = None
    item.image_alt = (plain_text(content.image_alt) or None) if item.image_file else None
    item.tags = tags_named(content.tag_names)


NEWS = editorial.Kind(
    code="news",
    model=NewsItem,
    apply=_apply,
    state=_state,
    unique_field="slug",
    messages={
        "created": _l("Created the news item %(title)s."),
        "changed": _l("Changed the news item %(title)s."),
        "published": _l("Published the news item %(title)s."),
        "scheduled": _l("Scheduled the news item %(title)s for %(when)s."),
        "unpublished": _l("Unpublished the news item %(title)s."),
        "already_draft": _l("The news item is already a draft."),
    },
)

