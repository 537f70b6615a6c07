"""Form fields news items and events share: the title and a text written in Markdown."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.common.text import clean_multiline_text, clean_text

MARKDOWN_HINT = _l("Markdown: ## Heading, *emphasis*, **bold**, - list item, [link text](https://…). "
                   "Scripts, frames and styles are removed.")


def title_field():
    return StringField(
        _l("Title"),
        filters=[clean_text],
        validators=[
            DataRequired(message=_l("Write a title.")),
            Length(max=200, message=_l("The title may be at most 200 characters.")),
        ],
    )


def markdown_field(label, missing, maximum, too_long):
    """A text in Markdown, required, at most `maximum` characters."""
    return TextAreaField(
        label,
        filters=[clean_multiline_text],
        description=MARKDOWN_HINT,
        validators=[DataRequired(message=missing), Length(max=maximum, message=too_long)],
    )
