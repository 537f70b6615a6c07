"""Evening walks: slots on the rota (alone or from a series), residents' sign-ups with the
waiting list, and the short report each walker may send afterwards."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import db_enum
from portal.extensions import db
from portal.timeutil import utcnow

MAX_CAPACITY = 50  # a larger turnout is several walks, not one
# Lengths read by the columns, the forms' validators (and the pages' maxlength) and messages.
MEETING_POINT_MAX = AREA_MAX = 300
NAME_MAX, EMAIL_MAX, PHONE_MAX = 120, 254, 40


class SignupStatus(enum.Enum):
    CONFIRMED = "confirmed"  # holds a place
    WAITING = "waiting"  # on the waiting list, first come first promoted
    CANCELLED = "cancelled"

    @property
    def label(self):
        return SIGNUP_STATUS_LABELS[self]


# The statuses that hold a place or a place in the queue, as SQL (walks.signups.ACTIVE).
# An address removed by gallra ("") holds no place, so several such rows may share a walk.
ACTIVE_SIGNUP_SQL = "status IN ('confirmed', 'waiting') AND email <> ''"

SIGNUP_STATUS_LABELS = {
    SignupStatus.CONFIRMED: _l("Signed up"),
    SignupStatus.WAITING: _l("On the waiting list"),
    SignupStatus.CANCELLED: _l("Place cancelled"),
}


class WalkSeries(db.Model):
    """Slots made in one go (every Friday and Saturday from … to …), edited together later."""

    __tablename__ = "walk_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    weekdays: Mapped[str] = mapped_column(String(20))  # ISO weekday numbers, "5,6"
    first_day: Mapped[date]
    last_day: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class WalkSlot(db.Model):
    """One walk: when, where from, over which area, and how many may come."""

    __tablename__ = "walk_slot"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= min_walkers", name="capacity_covers_minimum"),
        CheckConstraint("(meeting_lat IS NULL) = (meeting_lon IS NULL)", name="position_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("walk_series.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    ends_at: Mapped[datetime]
    meeting_point: Mapped[str] = mapped_column(String(MEETING_POINT_MAX))
    meeting_lat: Mapped[float | None]
    meeting_lon: Mapped[float | None]
    area: Mapped[str] = mapped_column(String(AREA_MAX))
    capacity: Mapped[int]
    min_walkers: Mapped[int] = mapped_column(default=3)
    min_age: Mapped[int] = mapped_column(default=18)
    notes: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # The coordinator's mail about too few walkers goes once per slot.
    under_minimum_notified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Indexed: the lägesbild's walk fingerprint reads its maximum on every view.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    series: Mapped[WalkSeries | None] = relationship()
    signups: Mapped[list["WalkSignup"]] = relationship(
        back_populates="slot", order_by="WalkSignup.id"
    )

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def has_started(self):
        return self.starts_at <= utcnow()

    @property
    def has_ended(self):
        return self.ends_at <= utcnow()

    @property
    def position(self):
        return (self.meeting_lat, self.meeting_lon) if self.meeting_lat is not None else None

    def in_status(self, status):
        return [s for s in self.signups if s.status is status]

    @property
    def confirmed(self):
        return self.in_status(SignupStatus.CONFIRMED)

    @property
    def waiting(self):
        """The waiting list in the order people joined it."""
        return sorted(self.in_status(SignupStatus.WAITING), key=lambda s: (s.created_at, s.id))


class WalkSignup(db.Model):
    """A resident's place (or place in the queue) on one walk. No account: the links in
    their mail carry a signature over `link_key`, so the key alone opens nothing."""

    __tablename__ = "walk_signup"
    __table_args__ = (
        # attended too: the lägesbild counts a slot's walkers from the index alone, in slot
        # order (migration i21_walk_indexes).
        Index("ix_walk_signup_slot_status", "slot_id", "status", "attended"),
        # The lägesbild's fingerprint of the walks: max() of each is an index look-up.
        Index("ix_walk_signup_promoted_at", "promoted_at"),
        Index("ix_walk_signup_cancelled_at", "cancelled_at"),
        # One active place (confirmed or waiting) per email and walk, as sign_up checks.
        Index(
            "uq_walk_signup_active_email", "slot_id", "email", unique=True,
            sqlite_where=text(ACTIVE_SIGNUP_SQL), postgresql_where=text(ACTIVE_SIGNUP_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("walk_slot.id"))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), index=True)  # lowercased
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX))
    is_first_walk: Mapped[bool] = mapped_column(default=False)
    status: Mapped[SignupStatus] = mapped_column(db_enum(SignupStatus, "walk_signup_status"))
    attended: Mapped[bool | None]  # marked by the coordinator afterwards
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    promoted_at: Mapped[datetime | None]  # moved from the waiting list to a place
    reminder_sent_at: Mapped[datetime | None]
    report_request_sent_at: Mapped[datetime | None]
    link_key: Mapped[str] = mapped_column(String(32), unique=True)
    calendar_key: Mapped[str] = mapped_column(String(32), index=True)  # the same for one email
    personal_data_removed_at: Mapped[datetime | None]  # by `flask gallra`
    # The language the walker signed up in: every mail to them is in it (portal/i18n.py).
    locale: Mapped[str] = mapped_column(String(16), default="sv", server_default="sv")

    slot: Mapped[WalkSlot] = relationship(back_populates="signups")
    report: Mapped["WalkReport | None"] = relationship(back_populates="signup")

    @property
    def confirmed_at(self):
        return self.promoted_at or self.created_at


class WalkReport(db.Model):
    """What a walker saw, sent through the link in the mail after the walk. Never names of
    young people; the coordinator may turn it into a report for the moderation queue."""

    __tablename__ = "walk_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("walk_slot.id"), index=True)
    signup_id: Mapped[int | None] = mapped_column(ForeignKey("walk_signup.id"), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # the lägesbild's fingerprint
    areas_walked: Mapped[str] = mapped_column(Text)
    youths_met: Mapped[int | None]  # about how many
    observations: Mapped[str | None] = mapped_column(Text)
    incidents: Mapped[str | None] = mapped_column(Text)
    police_called: Mapped[bool] = mapped_column(default=False)
    emergency_called: Mapped[bool] = mapped_column(default=False)
    free_text: Mapped[str | None] = mapped_column(Text)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    personal_data_removed_at: Mapped[datetime | None]  # free text cleared by `flask gallra`
    locale: Mapped[str] = mapped_column(String(16), default="sv", server_default="sv")

    slot: Mapped[WalkSlot] = relationship()
    signup: Mapped[WalkSignup | None] = relationship(back_populates="report")
    report: Mapped["Report | None"] = relationship()  # noqa: F821 (reports.models)
