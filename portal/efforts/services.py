"""The rules for efforts: create and change them (audit-logged), and publish a finished
effort's summary as a news item. Services flush; routes commit."""
from flask_babel import gettext as _

from portal.audit.services import record
from portal.common.rules import RuleError
from portal.efforts.models import Effort, EffortMeasure
from portal.extensions import db
from portal.lagesbild.buckets import Period
from portal.news.forms import NewsContent
from portal.news.services import NEWS

MAX_DAYS = 366


def _check(first_day, last_day):
    if last_day < first_day:
        raise RuleError(_("The last day must be on or after the first day."), field="last_day")
    if (last_day - first_day).days >= MAX_DAYS:
        raise RuleError(_("An effort may last at most a year. Choose a shorter period."), field="last_day")


def save_effort(effort, *, name, first_day, last_day, areas, measures, budget, description, author):
    """Create (effort None) or change an effort; returns it."""
    _check(first_day, last_day)
    created = effort is None
    if created:
        effort = Effort(created_by_id=author.id if author else None)
        db.session.add(effort)
    effort.name, effort.first_day, effort.last_day = name, first_day, last_day
    effort.areas = list(areas)
    effort.budget, effort.description = budget, description or ""
    existing = {m.kind: m for m in effort.measures}
    for kind, measure in existing.items():
        if kind not in measures:
            effort.measures.remove(measure)
    for kind, planned in measures.items():
        if kind in existing:
            existing[kind].planned = planned
        else:
            effort.measures.append(EffortMeasure(kind=kind, planned=planned))
    db.session.flush()
    summary = (_("Created the effort %(name)s.", name=name) if created
               else _("Changed the effort %(name)s.", name=name))
    record("effort_created" if created else "effort_changed", summary, details={"effort_id": effort.id})
    return effort


def publish_summary(effort, figures, today, author):
    """A public news item with the finished effort's figures (counts only, no personal data)."""
    if not effort.is_finished(today):
        raise RuleError(_("The effort has not ended yet. Publish the summary after its last day."))
    if effort.news_item_id is not None:
        raise RuleError(_("The summary of this effort is already published."))
    content = NewsContent(
        title=_("%(name)s: the results", name=effort.name),
        slug=None,
        summary=figures.public_summary(),
        body=figures.public_body(),
        new_image=None, remove_image=False, image_alt=None,
        tag_names=[_("Efforts")],
    )
    item = NEWS.publish(None, author, content)
    effort.news_item_id = item.id
    record("effort_published", _("Published the summary of the effort %(name)s.", name=effort.name),
           details={"effort_id": effort.id, "news_item_id": item.id})
    return item


def period_of(effort):
    return Period(effort.first_day, effort.last_day)
