"""The report form. Field names are a stable contract for integrations and tests."""
import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from portal.common.text import clean_multiline_text, clean_text
from portal.reports import geo, photos
from portal.reports.models import DESCRIPTION_MAX, EMAIL_MAX, NAME_MAX, PLACE_MAX

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{5,30}$")


PHOTO_MESSAGES = {
    "too_large": _l("%(name)s is larger than %(mb)s MB. Choose a smaller photo."),
    "not_image": _l("%(name)s is not a photo we can read. Choose a JPEG, PNG or WebP photo."),
    "too_many_pixels": _l("%(name)s has too many pixels. Choose a smaller photo."),
}


class ReportForm(FlaskForm):
    category = RadioField(
        _l("What is it about?"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose what the report is about."))],
    )
    place = StringField(
        _l("Describe the place"),
        filters=[clean_text],
        description=_l("For example an address, a park or a bus stop."),
        validators=[
            Optional(),
            Length(max=PLACE_MAX, message=_l("The place may be at most %(max)s characters.",
                                             max=PLACE_MAX)),
        ],
    )
    lat = StringField(_l("Latitude"), validators=[Optional()], filters=[clean_text])
    lon = StringField(_l("Longitude"), validators=[Optional()], filters=[clean_text])
    description = TextAreaField(
        _l("Describe what you have seen"),
        filters=[clean_multiline_text],
        description=_l(
            "Write what has happened and what it looks like. Do not write names of people."
        ),
        validators=[
            DataRequired(message=_l("Describe what you have seen.")),
            Length(
                max=DESCRIPTION_MAX,
                message=_l(
                    "The description may be at most %(max)s characters.",
                    max=f"{DESCRIPTION_MAX:,}".replace(",", " "),
                ),
            ),
        ],
    )
    photo = MultipleFileField(_l("Photos (optional)"))  # its description: __init__
    name = StringField(
        _l("Name"),
        filters=[clean_text],
        validators=[Optional(), Length(max=NAME_MAX, message=_l(
            "The name may be at most %(max)s characters.", max=NAME_MAX))],
    )
    email = StringField(
        _l("Email"),
        filters=[clean_text],
        validators=[
            Optional(),
            Length(max=EMAIL_MAX, message=_l("The email address is too long.")),
            Email(message=_l("Enter an email address in the form name@example.se.")),
        ],
    )
    phone = StringField(_l("Phone"), validators=[Optional()], filters=[clean_text])
    wants_replies = BooleanField(_l("I want replies by email about what happens"))
    # Honeypot: hidden from people and assistive technology, tempting to bots.
    website = StringField(_l("Leave this field empty"))

    def __init__(self, categories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.id): c for c in categories}
        self.category.choices = [(str(c.id), c.name) for c in categories]
        self.checked_photos = []
        self.position = None
        config = current_app.config
        self.photo.description = _l(
            "Up to %(count)s photos, JPEG, PNG or WebP, at most %(mb)s MB each.",
            count=config["PHOTO_MAX_COUNT"], mb=config["PHOTO_MAX_BYTES"] // 2**20,
        )

    @property
    def chosen_category(self):
        return self.categories.get(self.category.data or "")

    def validate_category(self, field):
        if field.data not in self.categories:
            raise ValidationError(_l("Choose one of the listed categories."))

    def validate_phone(self, field):
        if field.data and not PHONE_PATTERN.match(field.data):
            raise ValidationError(
                _l("Enter the phone number with digits only, for example 070-123 45 67.")
            )

    def validate_wants_replies(self, field):
        if field.data and not self.email.data:
            raise ValidationError(_l("Enter your email address if you want replies."))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("The form could not be sent. Leave the hidden field empty."))

    def validate_photo(self, field):
        config = current_app.config
        if len(self._chosen_files()) > config["PHOTO_MAX_COUNT"]:
            raise ValidationError(ngettext(
                "You can attach at most %(num)s photo.", "You can attach at most %(num)s photos.",
                config["PHOTO_MAX_COUNT"],
            ))

    def _chosen_files(self):
        return [f for f in (self.photo.data or []) if f.filename]

    def _check_photos(self):
        """Decode the photos and make their public copies: the costly part, so it runs only
        for a form that is otherwise right. Returns False with the errors at the field."""
        field, config = self.photo, current_app.config
        errors = []
        for upload in self._chosen_files():
            try:
                self.checked_photos.append(
                    photos.check_photo(
                        upload.stream, config["PHOTO_MAX_BYTES"], config["PHOTO_PUBLIC_MAX_PX"]
                    )
                )
            except photos.PhotoRejected as rejected:
                errors.append(
                    PHOTO_MESSAGES[rejected.reason]
                    % {"name": upload.filename[:80], "mb": config["PHOTO_MAX_BYTES"] // 2**20}
                )
        if errors:
            self.checked_photos = []
            field.errors = [*field.errors, *errors]
        return not errors

    @property
    def photos_were_chosen(self):
        return bool(self._chosen_files())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        valid = read_position(self) and valid
        if not self.place.data and self.position is None and not self.lat.errors:
            self.place.errors.append(
                _l("Describe the place in words or choose it on the map.")
            )
            valid = False
        return valid and self._check_photos()

    def contact_details(self):
        return dict(
            name=self.name.data or None,
            email=self.email.data or None,
            phone=self.phone.data or None,
            wants_replies=bool(self.wants_replies.data),
        )


def read_position(form):
    """Set form.position from the lat and lon fields: both or neither, as numbers, inside
    the municipality's bounding box. Returns False (with an error on lat) otherwise."""
    form.position = None
    raw_lat, raw_lon = form.lat.data or "", form.lon.data or ""
    if not raw_lat and not raw_lon:
        return True
    try:
        lat, lon = float(raw_lat), float(raw_lon)
    except ValueError:
        form.lat.errors.append(
            _l("The position on the map could not be read. Choose the place again.")
        )
        return False
    if not geo.inside(current_app.config["MAP_BOUNDS"], lat, lon):
        form.lat.errors.append(
            _l(
                "The position is outside %(municipality)s. Choose a place within the "
                "municipality or describe it in words.",
                municipality=current_app.config["MUNICIPALITY_NAME"],
            )
        )
        return False
    form.position = (round(lat, 6), round(lon, 6))
    return True
