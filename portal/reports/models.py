"""Reports as residents send them, the public version a coordinator publishes, and photos."""
import enum
import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, and_, false, text
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship, validates

from portal.enums import db_enum
from portal.extensions import db
from portal.timeutil import local_midnight_utc, to_local, utcnow

# Lengths of what residents write: the columns, the forms' validators (and through them the
# pages' maxlength and counters) and the messages all read these.
PLACE_MAX = 300
NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 40
DESCRIPTION_MAX = 5000  # a Text column: the limit is the form's


class ReportStatus(enum.Enum):
    """FixMyStreet's proven status model; hidden is a flag on the report, not a status."""

    RECEIVED = "received"
    CONFIRMED = "confirmed"
    INVESTIGATING = "investigating"
    IN_PROGRESS = "in_progress"
    ACTION_SCHEDULED = "action_scheduled"
    FIXED = "fixed"
    DUPLICATE = "duplicate"
    NOT_RESPONSIBLE = "not_responsible"
    UNABLE_TO_FIX = "unable_to_fix"
    REJECTED = "rejected"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def is_closed(self):
        return self in CLOSED_STATUSES


STATUS_LABELS = {
    ReportStatus.RECEIVED: _l("Received"),
    ReportStatus.CONFIRMED: _l("Confirmed"),
    ReportStatus.INVESTIGATING: _l("Being investigated"),
    ReportStatus.IN_PROGRESS: _l("In progress"),
    ReportStatus.ACTION_SCHEDULED: _l("Action scheduled"),
    ReportStatus.FIXED: _l("Fixed"),
    ReportStatus.DUPLICATE: _l("Duplicate"),
    ReportStatus.NOT_RESPONSIBLE: _l("Not the municipality's responsibility"),
    ReportStatus.UNABLE_TO_FIX: _l("Cannot be fixed"),
    ReportStatus.REJECTED: _l("Rejected"),
}
CLOSED_STATUSES = frozenset(
    {
        ReportStatus.FIXED,
        ReportStatus.DUPLICATE,
        ReportStatus.NOT_RESPONSIBLE,
        ReportStatus.UNABLE_TO_FIX,
        ReportStatus.REJECTED,
    }
)
# The closed statuses as SQL, for the partial index of open reports.
OPEN_INDEX_CLOSED = "(" + ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES, key=lambda s: s.value)) + ")"
WAITING_INDEX = "department_id IS NOT NULL AND assigned_to_id IS NULL AND status IN ('received', 'confirmed')"

# Closed statuses as SQL, for the constraint that ties them to closed_at.
_CLOSED_SQL = ", ".join(sorted(f"'{status.value}'" for status in CLOSED_STATUSES))


class UpdateKind(enum.Enum):
    """What a line in a report's public history says happened."""

    RECEIVED = "received"
    PUBLISHED = "published"
    STATUS = "status"
    REPLY = "reply"


class Department(db.Model):
    """A municipal department in the "Trygga chefer" group that reports are routed to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))

    @classmethod
    def all_by_name(cls):
        return db.session.scalars(db.select(cls).order_by(cls.name)).all()


class Category(db.Model):
    """What a report is about, with the advice shown on the form and where it is routed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    notice: Mapped[str | None] = mapped_column(Text)
    service_level_hours: Mapped[int | None]
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Left out of the open data files (issue 19): e.g. gatherings of people.
    is_sensitive: Mapped[bool] = mapped_column(default=False, server_default=false())
    position: Mapped[int] = mapped_column(default=0)

    department: Mapped[Department | None] = relationship()

    @classmethod
    def active(cls):
        return db.select(cls).where(cls.is_active).order_by(cls.position, cls.name)


class Report(db.Model):
    """One report as received. `description`, `place` and the position are never changed:
    the public version lives in `public_title`/`public_text` once a coordinator publishes.
    Only `flask gallra`, under the gallringsbeslut, replaces the description (retention.py)."""

    __table_args__ = (
        CheckConstraint(
            "(lat IS NULL) = (lon IS NULL)", name="position_complete"
        ),
        # The rules change_status and mark_duplicate keep, held by the database too
        # (the same conditions are in migration e_invariants).
        CheckConstraint(
            f"(status IN ({_CLOSED_SQL})) = (closed_at IS NOT NULL)", name="closed_at_when_closed"
        ),
        CheckConstraint(
            "(status = 'duplicate') = (duplicate_of_id IS NOT NULL)",
            name="duplicate_of_when_duplicate",
        ),
        CheckConstraint("duplicate_of_id <> id", name="not_duplicate_of_itself"),
        CheckConstraint("is_published = (published_at IS NOT NULL)", name="published_at_when_published"),
        Index("ix_report_public", "is_published", "is_hidden", "created_at"),
        Index("ix_report_status_created", "status", "created_at"),
        Index("ix_report_department_status", "department_id", "status"),
        # The lägesbild: ranges of receipt (covering every column its counts and
        # durations read), of closing, and the latest change (its cache fingerprint).
        Index(
            "ix_report_lagesbild_created", "created_at", "category_id", "status", "lat", "lon",
            "department_id", "responded_at", "closed_at",
        ),
        # Only the closed reports (migration i27_closed_index): the open ones all share one
        # NULL, which SQLite's statistics count as one row and then chose this index for
        # "closed_at IS NULL" over ix_report_unclosed (a table look-up per open report).
        Index("ix_report_lagesbild_closed", "closed_at", "status", "created_at",
              postgresql_where=text("closed_at IS NOT NULL"), sqlite_where=text("closed_at IS NOT NULL")),
        Index("ix_report_updated_at", "updated_at"),
        # At volume (migration d1_volume): the public list, and the open reports.
        Index("ix_report_public_list", "published_at", "id",
              postgresql_where=text("is_published AND NOT is_hidden"),
              sqlite_where=text("is_published = 1 AND is_hidden = 0")),
        Index("ix_report_public_category", "category_id", "status", "published_at", "id",
              postgresql_where=text("is_published AND NOT is_hidden"),
              sqlite_where=text("is_published = 1 AND is_hidden = 0")),
        Index("ix_report_open", "created_at", "category_id", "department_id",
              postgresql_where=text(f"status NOT IN {OPEN_INDEX_CLOSED}"),
              sqlite_where=text(f"status NOT IN {OPEN_INDEX_CLOSED}")),
        # The lägesbild's reports not yet closed (few of many), by time of receipt.
        Index("ix_report_unclosed", "created_at", "category_id", "department_id", "status", "lat", "lon",
              postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
        # The Open311 list, newest received first, all or one category (i19_open311).
        Index("ix_report_open311", "created_at", "id",
              postgresql_where=text("is_published AND NOT is_hidden"),
              sqlite_where=text("is_published = 1 AND is_hidden = 0")),
        Index("ix_report_open311_category", "category_id", "created_at", "id",
              postgresql_where=text("is_published AND NOT is_hidden"),
              sqlite_where=text("is_published = 1 AND is_hidden = 0")),
        # The case page's nearby reports and duplicates, /rapporter/nara.json (d1c_case_feed;
        # covering what they filter on since i23_nearby_index).
        Index("ix_report_position", "lat", "lon", "category_id", "created_at", "is_published", "is_hidden",
              postgresql_include=["id"]),
        Index("ix_report_duplicate_of", "duplicate_of_id",
              postgresql_where=text("duplicate_of_id IS NOT NULL"),
              sqlite_where=text("duplicate_of_id IS NOT NULL")),
        # The overview's "waiting": routed, unassigned, not started (d1c_case_feed).
        Index("ix_report_waiting", "created_at",
              postgresql_where=text(WAITING_INDEX), sqlite_where=text(WAITING_INDEX)),
        *[Index(f"ix_report_{column}_trgm", column, postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"})
          for column in ("description", "place", "public_title", "public_text")],
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    status: Mapped[ReportStatus] = mapped_column(
        db_enum(ReportStatus, "report_status"), default=ReportStatus.RECEIVED
    )
    description: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    follow_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # What the resident chose, kept as received when staff correct the category or place.
    original_category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    original_place: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    original_lat: Mapped[float | None]
    original_lon: Mapped[float | None]

    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    responded_at: Mapped[datetime | None]  # first status change, reply or publication
    closed_at: Mapped[datetime | None]
    personal_data_removed_at: Mapped[datetime | None]  # by `flask gallra`
    description_removed_at: Mapped[datetime | None]  # the resident's text replaced by `flask gallra`
    # The language the resident wrote in: every mail to them is in it (portal/i18n.py).
    locale: Mapped[str] = mapped_column(String(16), default="sv", server_default="sv")
    # Bumped by every change: a form sent from an older version is a stale edit.
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    is_published: Mapped[bool] = mapped_column(default=False)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]
    public_title: Mapped[str | None] = mapped_column(String(200))
    public_text: Mapped[str | None] = mapped_column(Text)
    # "Me too" count, loaded only where a query asks for it (metoo.services.with_count).
    me_too_count: Mapped[int | None] = query_expression()

    category: Mapped[Category] = relationship(foreign_keys=[category_id])
    original_category: Mapped[Category | None] = relationship(
        foreign_keys=[original_category_id]
    )
    department: Mapped[Department | None] = relationship()
    assigned_to: Mapped["User | None"] = relationship()  # noqa: F821 (accounts.models)
    duplicate_of: Mapped["Report | None"] = relationship(remote_side=[id])
    contact: Mapped["ReportContact | None"] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    photos: Mapped[list["ReportPhoto"]] = relationship(
        back_populates="report", order_by="ReportPhoto.position"
    )
    updates: Mapped[list["ReportUpdate"]] = relationship(
        back_populates="report", order_by="ReportUpdate.id"
    )

    @validates("status")
    def _closed_with_status(self, _key, status):
        """A closed status always has its closing time, an open one none: the lägesbild
        counts "Åtgärdad" (fixed) reports by `closed_at`, whoever set the status."""
        status = ReportStatus(status)
        if status.is_closed:
            self.closed_at = self.closed_at or utcnow()
        else:
            self.closed_at = None
        return status

    @property
    def reference(self):
        """The case number residents quote, e.g. TR-2026-00042 (year of receipt, local time)."""
        return f"TR-{to_local(self.created_at).year}-{self.id:05d}"

    @property
    def is_public(self):
        return self.is_published and not self.is_hidden

    @property
    def public_photos(self):
        return [p for p in self.photos if not p.is_hidden]

    @classmethod
    def public(cls):
        """Select the reports anyone may see: published and not hidden."""
        return db.select(cls).where(cls.is_published, ~cls.is_hidden)


class ReportContact(db.Model):
    """The reporter's contact details: staff-only, kept apart so no public view can reach them."""

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX))
    wants_replies: Mapped[bool] = mapped_column(default=False)

    report: Mapped[Report] = relationship(back_populates="contact")


class ReportPhoto(db.Model):
    """A photo: the original as uploaded (staff-only) and a public copy without metadata."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    original_file: Mapped[str | None] = mapped_column(String(80))
    public_file: Mapped[str] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    is_hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="photos")


class ReportUpdate(db.Model):
    """One line of a report's public history, shown on the follow link and the report page."""

    # The reports feed: its newest lines of the kinds it shows (migration d1c_case_feed).
    __table_args__ = (
        Index("ix_report_update_feed", "created_at", "id",
              postgresql_where=text("kind IN ('published', 'status', 'reply')"),
              sqlite_where=text("kind IN ('published', 'status', 'reply')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    kind: Mapped[UpdateKind] = mapped_column(db_enum(UpdateKind, "update_kind"))
    status: Mapped[ReportStatus | None] = mapped_column(
        db_enum(ReportStatus, "update_status")
    )
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="updates")


# A case number as people write it: "TR-2026-00042", "tr-2026-42" or just "42"; spaces
# anywhere (" 42 ", "TR 2026 00042" pasted from a letter) are ignored.
_REFERENCE = re.compile(r"(?:TR-?(?P<year>\d{4})-?)?0*(?P<number>\d{1,9})", re.IGNORECASE)


def parse_reference(text):
    """(year or None, number) from a case number such as TR-2026-00042 or 42; None if the
    text is not one."""
    match = _REFERENCE.fullmatch(re.sub(r"\s+", "", text or ""))
    if match is None:
        return None
    return (int(match["year"]) if match["year"] else None), int(match["number"])


def reference_condition(parsed):
    """The report a parsed case number ((year or None, number), parse_reference) names, as
    an SQL condition that decides as report_by_reference does (the number is the id; a year
    is the year of receipt, Stockholm time), for a query that needs no look-up first."""
    year, number = parsed
    if year is None:
        return Report.id == number
    if not 2 <= year <= 9998:  # no report's year; the year's Stockholm start and end in
        return false()         # UTC (year 1's lies in year 0) must be dates Python has
    return and_(Report.id == number, Report.created_at >= local_midnight_utc(date(year, 1, 1)),
                Report.created_at < local_midnight_utc(date(year + 1, 1, 1)))


def report_by_reference(text):
    """The report a case number names; None if there is none, or if the number carries a
    year that is not the report's (TR-2025-00042 is not TR-2026-00042)."""
    parsed = parse_reference(text)
    if parsed is None:
        return None
    year, number = parsed
    report = db.session.get(Report, number)
    if report is None or (year is not None and to_local(report.created_at).year != year):
        return None
    return report
