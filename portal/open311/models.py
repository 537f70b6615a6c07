"""Open311 clients: their keys, the reports they sent (by token) and the status updates
they posted (by their own update_id)."""
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

KEY_PREFIX_LENGTH = 8


def hash_key(secret):
    """The stored form of a key. The key is 256 random bits, so one SHA-256 is enough: no
    dictionary to guess from, and a look-up by hash stays one index probe."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiKey(db.Model):
    """One client system's key: shown once when created, stored only as a hash."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    is_trusted: Mapped[bool] = mapped_column(default=False)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(KEY_PREFIX_LENGTH))  # to tell keys apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    department: Mapped["Department | None"] = relationship()  # noqa: F821 (reports.models)
    created_by: Mapped["User | None"] = relationship()  # noqa: F821 (accounts.models)

    @property
    def is_active(self):
        return self.revoked_at is None

    @classmethod
    def by_secret(cls, secret):
        """The active key with this secret, or None."""
        if not secret or len(secret) > 200:
            return None
        key = db.session.scalar(db.select(cls).where(cls.key_hash == hash_key(secret)))
        return key if key is not None and key.is_active else None


class ApiRequest(db.Model):
    """A report received through the API: the token the client polls until it is published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped["Report"] = relationship()  # noqa: F821 (reports.models)
    api_key: Mapped[ApiKey] = relationship()


class ApiUpdate(db.Model):
    """A status update a department's system posted; its update_id is unique per key, so a
    repeated post is refused rather than applied twice."""

    __table_args__ = (
        UniqueConstraint("api_key_id", "update_id", name="uq_api_update_key_update_id"),
        Index("ix_api_update_report", "report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_key.id"))
    update_id: Mapped[str] = mapped_column(String(100))
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"))
    report_update_id: Mapped[int | None] = mapped_column(ForeignKey("report_update.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
