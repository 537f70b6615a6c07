"""News items the web editors write, and the topics (tags) readers can follow them by.

An item is a draft while `published_at` is empty, and public once `published_at` has
passed: a scheduled item needs no job to appear, the public queries compare with now.
"""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

news_item_tag = db.Table(
    "news_item_tag",
    Column("news_item_id", ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True),
    Column("news_tag_id", ForeignKey("news_tag.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_news_item_tag_news_tag_id", "news_tag_id"),  # the list filtered by a topic
)


class NewsTag(db.Model):
    """A topic such as "Kvällspromenader"; made the first time an editor uses it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(40))


class NewsItem(db.Model):
    __table_args__ = (Index("ix_news_item_published_at", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)  # the lead (ingress), plain text
    body_source: Mapped[str] = mapped_column(Text)  # Markdown as the editor wrote it
    body_html: Mapped[str] = mapped_column(Text)  # rendered and cleaned when saved
    # The public copy of the image only (no EXIF); the upload itself is not kept.
    image_file: Mapped[str | None] = mapped_column(String(80))
    image_alt: Mapped[str | None] = mapped_column(String(300))
    image_width: Mapped[int | None]
    image_height: Mapped[int | None]
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)  # what readers see changed
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)  # any change
    published_at: Mapped[datetime | None]  # None: a draft; in the future: scheduled

    author: Mapped["User"] = relationship()  # noqa: F821 (accounts.models)
    tags: Mapped[list[NewsTag]] = relationship(secondary=news_item_tag, order_by=NewsTag.name)

    @property
    def state(self):
        """"draft", "scheduled" or "published"."""
        if self.published_at is None:
            return "draft"
        return "scheduled" if self.published_at > utcnow() else "published"

    @property
    def is_public(self):
        return self.state == "published"

    @property
    def was_edited_after_publishing(self):
        return self.published_at is not None and self.edited_at > self.published_at

    @property
    def changed_at(self):
        """When the public page last changed: published, or edited after that."""
        return self.edited_at if self.was_edited_after_publishing else self.published_at

    @classmethod
    def visible(cls):
        """Select the items anyone may read, newest first."""
        return (
            db.select(cls)
            .where(cls.published_at.is_not(None), cls.published_at <= utcnow())
            .order_by(cls.published_at.desc(), cls.id.desc())
        )
