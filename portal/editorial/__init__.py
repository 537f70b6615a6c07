"""What news items and events share: a draft until published (now or at a chosen time),
changed after publishing, unpublished again, each step in the audit log. Each kind says
how to apply a form to an item, what of it readers see, and its log messages.
Services flush; the route commits."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.audit import services as audit
from portal.common.dates import date_and_time
from portal.common.rules import RuleError
from portal.extensions import db
from portal.timeutil import utcnow

# A publish time typed a moment ago may have passed when the form arrives.
PUBLISH_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Kind:
    """A kind of published content (news items, events) and the steps of its life."""

    code: str  # the audit action prefix: "news" gives news_created, news_published …
    model: type
    apply: Callable  # (item, content): set the item from the form's content
    state: Callable  # (item) -> dict of what readers see, to tell whether a save changed it
    messages: dict  # created, changed, published, scheduled, unpublished, already_draft
    unique_field: str = "title"  # where a clash with someone saving at once is reported

    def _flush(self):
        try:
            db.session.flush()
        except IntegrityError as error:
            raise RuleError(_("Someone saved the same address just now. Choose another."),
                            self.unique_field) from error

    def _record(self, action, item, **details):
        summary = str(self.messages[action]) % {
            "title": item.title,
            "when": date_and_time(item.published_at) if item.published_at else "",
        }
        code = f"{self.code}_{'published' if action == 'scheduled' else action}"
        audit.record(code, summary, details={f"{self.code}_id": item.id, **details})

    def create_or_change(self, item, author, content):
        """Apply the form to an item (a new one when `item` is None); (item, changed)."""
        is_new = item is None
        if is_new:
            item = self.model(author=author)
            db.session.add(item)
        before = None if is_new else self.state(item)
        with db.session.no_autoflush:
            self.apply(item, content)
        changed = is_new or self.state(item) != before
        if changed:
            item.edited_at = utcnow()
        self._flush()
        if is_new:
            self._record("created", item)
        elif changed:
            self._record("changed", item, before=before, after=self.state(item))
        return item, changed

    def save_draft(self, item, author, content):
        """Save as a draft: only staff see it (a scheduled item stops being scheduled)."""
        item, changed = self.create_or_change(item, author, content)
        if item.published_at is not None:
            self.unpublish(item)
        return item, changed

    def publish(self, item, author, content, when=None):
        """Save and publish, now or at `when` (naive UTC, not in the past)."""
        if when is not None and when < utcnow() - PUBLISH_GRACE:
            raise RuleError(
                _("That time has passed. Leave the field empty to publish at once, or choose a "
                  "later time."),
                "publish_at",
            )
        item, _changed = self.create_or_change(item, author, content)
        # Never before the last edit, so a fresh item never reads as "changed later".
        item.published_at = max(when or utcnow(), item.edited_at)
        self._flush()
        scheduled = item.published_at > utcnow()
        self._record("scheduled" if scheduled else "published", item,
                     published_at=item.published_at.isoformat())
        return item

    def change_published(self, item, content):
        """Change a published item; it stays published. False if nothing changed."""
        return self.create_or_change(item, None, content)[1]

    def unpublish(self, item):
        """Make a published or scheduled item a draft again."""
        if item.published_at is None:
            raise RuleError(str(self.messages["already_draft"]))
        item.published_at = None
        self._flush()
        self._record("unpublished", item)
