""""Me too": one row per report and person. `voter` is a keyed hash of a random id kept in
the visitor's cookie, so the row says nothing about who voted; no address is stored."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class MeToo(db.Model):
    __tablename__ = "me_too"
    __table_args__ = (
        UniqueConstraint("report_id", "voter", name="uq_me_too_report_voter"),
        # The lägesbild counts the votes cast in a period: read from here, not by visiting
        # every report of the category (migration i26_resident_indexes).
        Index("ix_me_too_created_at", "created_at", "report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"))
    voter: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
