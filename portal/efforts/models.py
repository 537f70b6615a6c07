"""Efforts (insatser): a coordinator's seasonal work in chosen areas, with its measures,
so that the lägesbild can show what happened before, during and after it."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import db_enum
from portal.extensions import db
from portal.timeutil import utcnow


class MeasureKind(enum.Enum):
    WALKS = "walks"
    GUARD_HOURS = "guard_hours"
    LIGHTING = "lighting"
    FIELD_WORKERS = "field_workers"

    @property
    def label(self):
        return MEASURE_LABELS[self]

    @property
    def unit(self):
        return MEASURE_UNITS[self]


MEASURE_LABELS = {
    MeasureKind.WALKS: _l("Extra evening walks"),
    MeasureKind.GUARD_HOURS: _l("Guard hours"),
    MeasureKind.LIGHTING: _l("Lighting fixes"),
    MeasureKind.FIELD_WORKERS: _l("Field workers"),
}
MEASURE_UNITS = {
    MeasureKind.WALKS: _l("walks"),
    MeasureKind.GUARD_HOURS: _l("hours"),
    MeasureKind.LIGHTING: _l("places"),
    MeasureKind.FIELD_WORKERS: _l("people"),
}


class Effort(db.Model):
    """One effort. Target areas are slugs of config AREAS, comma-separated (areas live in
    config, not in a table)."""

    __table_args__ = (CheckConstraint("first_day <= last_day", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    first_day: Mapped[date]
    last_day: Mapped[date]
    area_slugs: Mapped[str] = mapped_column(String(600))
    budget: Mapped[int | None] = mapped_column(Integer)  # whole kronor
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    news_item_id: Mapped[int | None] = mapped_column(ForeignKey("news_item.id", ondelete="SET NULL"))

    news_item: Mapped["NewsItem | None"] = relationship()  # noqa: F821 (news.models)
    measures: Mapped[list["EffortMeasure"]] = relationship(
        back_populates="effort", cascade="all, delete-orphan", order_by="EffortMeasure.id")

    @property
    def areas(self):
        return [slug for slug in self.area_slugs.split(",") if slug]

    @areas.setter
    def areas(self, slugs):
        self.area_slugs = ",".join(slugs)

    def is_finished(self, today):
        return self.last_day < today

    def planned(self, kind):
        return next((m.planned for m in self.measures if m.kind is kind), None)


class EffortMeasure(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    effort_id: Mapped[int] = mapped_column(ForeignKey("effort.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeasureKind] = mapped_column(db_enum(MeasureKind, "measure_kind"))
    planned: Mapped[int] = mapped_column(Integer)

    effort: Mapped[Effort] = relationship(back_populates="measures")
