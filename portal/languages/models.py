"""Text from the database in the residents' other languages, written by the coordinator."""
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class TextTranslation(db.Model):
    """One field of one row (or of a setting) in one language: ("category", "12", "name",
    "en") → "Graffiti". Swedish is the row itself; a missing translation falls back to it."""

    __tablename__ = "text_translation"
    __table_args__ = (UniqueConstraint("kind", "key", "field", "locale", name="uq_text_translation_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
