"""The editor's news form. Field names `title`, `summary` and `body` are a stable contract."""
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.common.slugs import slugify
from portal.common.text import clean_multiline_text, clean_text
from portal.editorial.forms import markdown_field, title_field
from portal.news import images
from portal.periods import LocalDateTimeField
from portal.reports.forms import PHOTO_MESSAGES
from portal.reports.photos import PhotoRejected
from portal.sanitize import plain_text

BODY_MAX = 50_000
TAGS_MAX, TAG_LENGTH_MAX = 5, 40


@dataclass(frozen=True)
class NewsContent:
    """What the form says the item should hold; the service applies it."""

    title: str
    slug: str | None  # None: make one from the title
    summary: str
    body: str
    new_image: str | None  # the name of a stored upload
    remove_image: bool
    image_alt: str | None
    tag_names: list


def split_tags(text):
    """"Kvällspromenader, belysning" → ["Kvällspromenader", "belysning"], without repeats."""
    names, seen = [], set()
    for part in (text or "").split(","):
        name = " ".join(plain_text(part).split())
        if name and slugify(name) not in seen:
            seen.add(slugify(name))
            names.append(name)
    return names


class NewsForm(FlaskForm):
    title = title_field()
    slug = StringField(
        _l("Address (optional)"),
        filters=[clean_text],
        description=_l("The end of the page's address, /nyheter/…: letters a–z, digits and "
                       "hyphens. Leave it empty to make it from the title."),
        validators=[Optional(), Length(max=60, message=_l("The address may be at most 60 characters."))],
    )
    summary = TextAreaField(
        _l("Lead"),
        filters=[clean_multiline_text],
        description=_l("One or two sentences that say what the news is about. Shown in lists, "
                       "on the home page and in feeds. Plain text."),
        validators=[
            DataRequired(message=_l("Write a lead.")),
            Length(max=600, message=_l("The lead may be at most 600 characters.")),
        ],
    )
    body = markdown_field(_l("Text"), _l("Write the text."), BODY_MAX,
                          _l("The text may be at most 50 000 characters."))
    image = FileField(_l("Image (optional)"))  # its description: __init__
    image_alt = StringField(
        _l("Description of the image"),
        filters=[clean_text],
        description=_l("What the image shows, for those who cannot see it. Required with an "
                       "image."),
        validators=[Length(max=300, message=_l("The description may be at most 300 characters."))],
    )
    remove_image = BooleanField(_l("Remove the image"))
    staged_image = HiddenField()
    tags = StringField(
        _l("Topics (optional)"),
        filters=[clean_text],
        description=_l("Separate with commas, for example: Evening walks, Lighting. At most 5."),
    )
    publish_at = LocalDateTimeField(
        _l("Publish at (optional)"),
        description=_l("Used by “Publish”. Leave it empty to publish at once, or write a later "
                       "time as YYYY-MM-DD HH:MM, for example 2026-06-26 09:00."),
    )

    def __init__(self, *args, current_image=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_image = current_image
        self.checked_image = None
        self.image.description = _l(
            "JPEG, PNG or WebP, at most %(mb)s MB. Position, time and camera details are removed "
            "before it is shown.", mb=current_app.config["PHOTO_MAX_BYTES"] // 2**20,
        )

    def validate_slug(self, field):
        if field.data:
            normalised = slugify(field.data)
            if not normalised:
                raise ValidationError(_l("Write the address with letters a–z, digits and hyphens."))
            field.data = normalised

    def validate_image(self, field):
        upload = field.data
        if not (upload and getattr(upload, "filename", "")):
            return
        try:
            self.checked_image = images.check(upload)
        except PhotoRejected as rejected:
            mb = current_app.config["PHOTO_MAX_BYTES"] // 2**20
            raise ValidationError(
                PHOTO_MESSAGES[rejected.reason] % {"name": upload.filename[:80], "mb": mb}
            ) from None

    def validate_staged_image(self, field):
        if field.data and not images.exists(field.data):
            field.data = ""  # not one of ours (or removed): quietly forget it

    def validate_tags(self, field):
        names = split_tags(field.data)
        if len(names) > TAGS_MAX:
            raise ValidationError(_l("Choose at most 5 topics."))
        if any(len(name) > TAG_LENGTH_MAX or not slugify(name) for name in names):
            raise ValidationError(
                _l("Each topic needs a letter or digit and may be at most 40 characters.")
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.will_have_image and not self.image_alt.data and not self.image.errors:
            self.image_alt.errors.append(_l("Describe what the image shows."))
            valid = False
        return valid

    @property
    def will_have_image(self):
        kept = self.current_image and not self.remove_image.data
        return bool(self.checked_image or self.staged_image.data or kept)

    def keep_upload(self):
        """Store an upload that passed its check, whatever else the form says, so that
        a preview or an error elsewhere never makes the editor choose it again."""
        if self.checked_image is not None:
            self.staged_image.data = images.store(self.checked_image)
            self.checked_image = None

    def content(self):
        return NewsContent(
            title=self.title.data,
            slug=self.slug.data or None,
            summary=self.summary.data,
            body=self.body.data,
            new_image=self.staged_image.data or None,
            remove_image=bool(self.remove_image.data),
            image_alt=self.image_alt.data or None,
            tag_names=split_tags(self.tags.data),
        )
