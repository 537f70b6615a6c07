"""The editor's event form."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.common.text import clean_text
from portal.editorial.forms import markdown_field, title_field
from portal.events.models import PLACE_MAX
from portal.periods import DayRequired, LocalDateTimeField

DESCRIPTION_MAX = 20_000
TIME_HINT = _l("As YYYY-MM-DD HH:MM, for example 2026-06-26 19:00.")


@dataclass(frozen=True)
class EventContent:
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    description: str
    is_cancelled: bool


class EventForm(FlaskForm):
    title = title_field()
    starts_at = LocalDateTimeField(
        _l("Starts"), description=TIME_HINT,
        validators=[DayRequired(_l("Write when the event starts."))],
    )
    ends_at = LocalDateTimeField(_l("Ends (optional)"), description=TIME_HINT)
    place = StringField(
        _l("Place"),
        filters=[clean_text],
        description=_l("For example an address, a building or a meeting point."),
        validators=[
            DataRequired(message=_l("Write where the event is.")),
            Length(max=PLACE_MAX, message=_l("The place may be at most %(max)s characters.",
                                             max=PLACE_MAX)),
        ],
    )
    description = markdown_field(_l("Description"), _l("Write a description."), DESCRIPTION_MAX,
                                 _l("The description may be at most 20 000 characters."))
    is_cancelled = BooleanField(
        _l("The event is cancelled"),
        description=_l("It stays on the site marked as cancelled, and calendars that have it are told."),
    )

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must be after the start."))

    def content(self):
        return EventContent(
            title=self.title.data,
            starts_at=self.starts_at.data,
            ends_at=self.ends_at.data,
            place=self.place.data,
            description=self.description.data,
            is_cancelled=bool(self.is_cancelled.data),
        )
