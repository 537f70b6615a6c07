"""Safety-related events (a trygghetsvandring, a medborgardialog, a meeting for walk
hosts): public once published, listed while upcoming."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

PLACE_MAX = 300  # the column, the form and its message


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(PLACE_MAX))
    description_source: Mapped[str] = mapped_column(Text)  # Markdown as the editor wrote it
    description_html: Mapped[str] = mapped_column(Text)  # rendered and cleaned when saved
    is_cancelled: Mapped[bool] = mapped_column(default=False)
    # Calendar programs replace an imported event when its SEQUENCE grows (RFC 5545).
    sequence: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]  # None: a draft

    author: Mapped["User"] = relationship()  # noqa: F821 (accounts.models)

    @property
    def is_public(self):
        return self.published_at is not None

    @property
    def ends_or_starts_at(self):
        return self.ends_at or self.starts_at

    @property
    def is_past(self):
        return self.ends_or_starts_at < utcnow()

    @property
    def changed_at(self):
        """When the public page last changed: published, or edited after that."""
        if self.published_at is None:
            return None
        return max(self.published_at, self.edited_at)

    @classmethod
    def visible(cls):
        return db.select(cls).where(cls.published_at.is_not(None))

    @classmethod
    def upcoming(cls):
        """Published events that have not ended yet, the soonest first."""
        end = db.func.coalesce(cls.ends_at, cls.starts_at)
        return cls.visible().where(end >= utcnow()).order_by(cls.starts_at, cls.id)

    @classmethod
    def past(cls):
        end = db.func.coalesce(cls.ends_at, cls.starts_at)
        return cls.visible().where(end < utcnow()).order_by(cls.starts_at.desc(), cls.id.desc())
