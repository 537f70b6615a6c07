"""Subscribers (an email address and their private page's key) and their alerts.

An alert is inert until confirmed by the link mailed to the address (double opt-in), and
ends, never to send again, by its unsubscribe link. Rows are removed by `flask gallra`.
"""
import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

EMAIL_MAX = 254
LABEL_MAX = 200
RADII = (250, 500, 1000)


class AlertKind(enum.Enum):
    AREA = "area"  # one of the configured areas
    RADIUS = "radius"  # within radius_m of a point
    CATEGORY = "category"  # a category anywhere in the municipality
    REPORT = "report"  # one published report: its public history


class Subscriber(db.Model):
    """One email address; `token` opens their private page (the report follow-token design)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(16), default="sv")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    alerts: Mapped[list["Alert"]] = relationship(back_populates="subscriber", order_by="Alert.id",
                                                 cascade="all, delete-orphan")


class Alert(db.Model):
    """What a subscriber asked to hear about. Area and radius alerts keep a box
    (south, west, north, east) so the digest can join reports to alerts in one query."""

    __table_args__ = (
        Index("ix_alert_active", "frequency", "id",
              postgresql_where=text("confirmed_at IS NOT NULL AND ended_at IS NULL"),
              sqlite_where=text("confirmed_at IS NOT NULL AND ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscriber.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    area_slug: Mapped[str | None] = mapped_column(String(60))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    radius_m: Mapped[int | None]
    south: Mapped[float | None]
    west: Mapped[float | None]
    north: Mapped[float | None]
    east: Mapped[float | None]
    with_changes: Mapped[bool] = mapped_column(default=False)  # status changes and replies too
    frequency: Mapped[str] = mapped_column(String(10), default="daily")  # daily | instant
    token: Mapped[str] = mapped_column(String(64), unique=True)  # confirm and unsubscribe
    locale: Mapped[str] = mapped_column(String(16), default="sv")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]

    subscriber: Mapped[Subscriber] = relationship(back_populates="alerts")
    category: Mapped["Category | None"] = relationship()  # noqa: F821 (reports.models)
    report: Mapped["Report | None"] = relationship()  # noqa: F821 (reports.models)

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.ended_at is None


class AlertRun(db.Model):
    """The window each frequency's job has covered: a run claims (until, now] with one
    UPDATE … WHERE until = <what it read>, so two runs never send the same window."""

    frequency: Mapped[str] = mapped_column(String(10), primary_key=True)
    until: Mapped[datetime]
