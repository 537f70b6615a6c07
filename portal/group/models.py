"""Trygga chefer: the departments' managers and the police contact meet; each meeting has
minutes and decisions as actions, owned by a department and a person, with a deadline."""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import db_enum
from portal.extensions import db
from portal.timeutil import utcnow


class ActionStatus(enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self):
        return {ActionStatus.OPEN: _l("Not started"), ActionStatus.IN_PROGRESS: _l("In progress"),
                ActionStatus.DONE: _l("Done")}[self]


class GroupMeeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(120))
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actions: Mapped[list["GroupAction"]] = relationship(back_populates="meeting", order_by="GroupAction.id")


class GroupAction(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("group_meeting.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    deadline: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(db_enum(ActionStatus, "group_action_status"),
                                                 default=ActionStatus.OPEN)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[GroupMeeting] = relationship(back_populates="actions")
    department: Mapped["Department"] = relationship()  # noqa: F821 (reports.models)
    owner: Mapped["User"] = relationship()  # noqa: F821 (accounts.models)

    @property
    def is_open(self):
        return self.status is not ActionStatus.DONE

    def is_overdue(self, today):
        return self.is_open and self.deadline < today
