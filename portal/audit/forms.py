"""The audit log's filter: a GET form, so a filtered view is a link that can be shared."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from portal.common.text import clean_text
from portal.filterfields import FilterSelectField
from portal.periods import DayField
from portal.reports.models import parse_reference, report_by_reference

SYSTEM = "system"  # the actor value for entries written by commands such as `flask gallra`

# What the action codes mean, for the select; a code not listed is shown as it is.
ACTION_LABELS = {
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "user_created": _l("Account created"),
    "user_changed": _l("Account changed"),
    "password_set": _l("Password set"),
    "user_deactivated": _l("Account deactivated"),
    "sessions_ended": _l("Logged out everywhere"),
    "published": _l("Published"),
    "hidden": _l("Hidden"),
    "unhidden": _l("Shown again"),
    "status_changed": _l("Status changed"),
    "routed": _l("Routed"),
    "assigned": _l("Assigned"),
    "replied": _l("Replied"),
    "note_added": _l("Note added"),
    "marked_duplicate": _l("Marked as duplicate"),
    "category_changed": _l("Report's category changed"),
    "public_text_changed": _l("Public text changed"),
    "category_created": _l("Category created"),
    "category_settings_changed": _l("Category settings changed"),
    "text_translated": _l("Translations changed"),
    "department_created": _l("Department created"),
    "department_changed": _l("Department changed"),
    "place_changed": _l("Place changed"),
    "photo_hidden": _l("Photo hidden"),
    "photo_shown": _l("Photo shown"),
    "export": _l("Export"),
    "news_created": _l("News item created"),
    "news_changed": _l("News item changed"),
    "news_published": _l("News item published or scheduled"),
    "news_unpublished": _l("News item unpublished"),
    "event_created": _l("Event created"),
    "event_changed": _l("Event changed"),
    "event_published": _l("Event published"),
    "event_unpublished": _l("Event unpublished"),
    "gallring": _l("Removal of personal data (gallring)"),
    "walk_slot_created": _l("Evening walk created"),
    "walk_series_created": _l("Series of evening walks created"),
    "walk_slot_changed": _l("Evening walk changed"),
    "walk_slot_cancelled": _l("Evening walk cancelled"),
    "walk_roster_export": _l("List of walkers downloaded"),
    "walk_attendance": _l("Attendance on a walk marked"),
    "walk_report_forwarded": _l("Walk report made into a report"),
    "api_key_created": _l("API key created"),
    "api_key_revoked": _l("API key revoked"),
    "open311_request_received": _l("Report received through the API"),
    "open311_update_received": _l("Status update received through the API"),
    "open311_post_refused": _l("API call refused"),
}

class LogFilterForm(FlaskForm):
    """Build with the users and actions to offer; `filters()` gives the parsed values."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    actor = FilterSelectField(_l("Who"), message=_l("Choose a person from the list."))
    action = FilterSelectField(_l("What"), message=_l("Choose an action from the list."))
    report = StringField(
        _l("Report number"),
        filters=[clean_text],
        description=_l("A reference such as TR-2026-00042, or just the number 42."),
    )
    date_from = DayField(_l("From date"))
    date_to = DayField(_l("To date"))

    def __init__(self, formdata, users, actions):
        super().__init__(formdata=formdata)
        self.actor.choices = [("", _l("Everyone")), (SYSTEM, _l("System"))] + [
            (str(u.id), u.name if u.is_active else _l("%(name)s (inactive)", name=u.name))
            for u in users
        ]
        self.action.choices = [("", _l("All actions"))] + [
            (code, ACTION_LABELS.get(code, code)) for code in actions
        ]
        self.report_id = None

    def validate_report(self, field):
        """Read the number; with a full reference the year must match the report's too."""
        if not field.data:
            return
        parsed = parse_reference(field.data)
        if parsed is None:
            raise ValidationError(
                _l("Enter a reference such as TR-2026-00042, or just the number 42.")
            )
        year, number = parsed
        if year is not None and report_by_reference(field.data) is None:
            raise ValidationError(
                _l("There is no report %(reference)s.", reference=field.data.upper())
            )
        self.report_id = number

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The to date must be on or after the from date."))

    def filters(self):
        return {
            "actor": self.actor.data or None,
            "action": self.action.data or None,
            "report_id": self.report_id,
            "first_day": self.date_from.data,
            "last_day": self.date_to.data,
        }
