"""The audit log: who did what, when and why. Append-only: entries are never changed."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow


class AuditEntry(db.Model):
    __table_args__ = (Index("ix_audit_entry_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The actor's name is copied so the entry reads the same if the account changes later;
    # NULL actor means the system (a command such as `flask gallra`).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)  # what, in Swedish, for people
    reason: Mapped[str | None] = mapped_column(Text)  # why, as staff wrote it
    details: Mapped[dict | None] = mapped_column(JSON)  # before/after values, counts

    actor: Mapped["User | None"] = relationship()  # noqa: F821 (accounts.models)
    report: Mapped["Report | None"] = relationship()  # noqa: F821 (reports.models)


class AuditLogIsAppendOnly(Exception):
    pass


def listen_to_sessions():
    """No session of `db` (the portal's) changes or deletes an audit entry."""
    if not event.contains(db.session, "before_flush", _refuse_changes_to_the_log):
        event.listen(db.session, "before_flush", _refuse_changes_to_the_log)


def _refuse_changes_to_the_log(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries are never changed or deleted")
