"""Staff accounts: coordinators, handlers in departments, and news editors."""
import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
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
