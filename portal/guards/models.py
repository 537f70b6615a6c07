"""Guard shifts (väktarpass): the guard company's evening in an area, planned against
delivered, with incidents by type. Counts and a short note; never names of people."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow

INCIDENT_KINDS = ("vandalism", "disturbance", "police", "other")


class GuardShift(db.Model):
    """One company's shift in one area on one evening (Stockholm day). An import of the
    same day, area and company replaces it, so a corrected file can be sent again."""

    __table_args__ = (
        UniqueConstraint("day", "area", "company", name="uq_guard_shift_day_area_company"),
        CheckConstraint("planned_minutes >= 0 AND delivered_minutes >= 0", name="minutes_not_negative"),
        Index("ix_guard_shift_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    area: Mapped[str] = mapped_column(String(60))  # a slug of config AREAS
    company: Mapped[str] = mapped_column(String(120))
    planned_minutes: Mapped[int] = mapped_column(Integer, default=0)
    delivered_minutes: Mapped[int] = mapped_column(Integer, default=0)
    vandalism: Mapped[int] = mapped_column(Integer, default=0)
    disturbance: Mapped[int] = mapped_column(Integer, default=0)
    police: Mapped[int] = mapped_column(Integer, default=0)
    other: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)  # the fingerprint

    @property
    def incidents(self):
        return sum(getattr(self, kind) for kind in INCIDENT_KINDS)
