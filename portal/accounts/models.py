"""Staff accounts: coordinators, handlers in departments, and news editors."""
import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import db_enum
from portal.extensions import db
from portal.reports.models import Department
from portal.timeutil import utcnow


class Role(enum.Enum):
    COORDINATOR = "coordinator"  # everything
    HANDLER = "handler"  # reports routed to their departments
    EDITOR = "editor"  # news
    POLICE = "police"  # read-only: the lägesbild and Trygga chefer, never personal data

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: _l("Safety coordinator"),
    Role.HANDLER: _l("Case handler"),
    Role.EDITOR: _l("Web editor"),
    Role.POLICE: _l("Police contact (read only)"),
}

user_department = Table(
    "user_department",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token():
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """A staff member. Never deleted (the audit log names them); deactivated instead."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(db_enum(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Part of the session id: changing it (new password, deactivation) ends every session.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Two-factor sign-in (portal/accounts/twofactor.py): the TOTP secret once a first code
    # has confirmed it, and the last time step used (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_enabled_at: Mapped[datetime | None]

    departments: Mapped[list[Department]] = relationship(
        secondary=user_department, order_by=Department.name
    )

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    @property
    def is_coordinator(self):
        return self.role is Role.COORDINATOR

    @property
    def department_ids(self):
        return {department.id for department in self.departments}

    def has_role(self, *roles):
        return self.is_active and (self.role in roles or self.role is Role.COORDINATOR)

    @property
    def has_two_factor(self):
        return self.totp_secret is not None


class RecoveryCode(db.Model):
    """A single-use code for when the phone is lost: only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class StaffSession(db.Model):
    """One login of a staff member, listed on "Mina inloggningar" and endable there. The
    browser's session holds the key; only its hash is kept here."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    method: Mapped[str] = mapped_column(String(16))  # "password" or "sso"
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_staff_session_user_ended", "user_id", "ended_at"),)
