"""What a reporter adds after sending, and their answer to "is it still fixed?"."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class ReportAddition(db.Model):
    """Text the reporter added on the follow page: part of the report as received (staff
    only), public only if a coordinator puts it in the published text. Its photos are the
    report's photos, hidden until staff show them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    photo_count: Mapped[int] = mapped_column(default=0)
    locale: Mapped[str] = mapped_column(String(16), default="sv")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FixedSurvey(db.Model):
    """One "is it still fixed?" per report: the row is the claim that the mail was sent."""

    # The lägesbild counts the answers given in a period from here, not by visiting every
    # report (migration i26_resident_indexes).
    __table_args__ = (Index("ix_fixed_survey_answered_at", "answered_at", "stayed_fixed"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    stayed_fixed: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(Text)  # the reporter's words: staff only
    locale: Mapped[str] = mapped_column(String(16), default="sv")
