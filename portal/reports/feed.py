"""The RSS feed of published reports and their public history (published, status changes,
public replies): /rapporter/rss.xml?kategori=<slug>&status=<value>.

Only what the public report page shows goes in: the coordinator's public title and text,
category, place, status and the public notes and replies. Never the resident's own
description or contact details, and nothing of a hidden report.
"""
from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload

from portal import feeds
from portal.errors import render_error
from portal.extensions import db
from portal.reports.models import Category, Report, ReportStatus, ReportUpdate, UpdateKind
from portal.urls import absolute_url

bp = Blueprint("reports_feed", __name__)

FEED_KINDS = (UpdateKind.PUBLISHED, UpdateKind.STATUS, UpdateKind.REPLY)


class UnknownFilter(ValueError):
    pass


def _filters(args):
    """(category, status) from the query string; an unknown value is refused with the
    values that exist, rather than quietly giving a subscriber every report."""
    category = status = None
    if args.get("kategori"):
        slugs = db.session.scalars(db.select(Category.slug).order_by(Category.position, Category.name)).all()
        category = db.session.scalar(db.select(Category).where(Category.slug == args["kategori"]))
        if category is None:
            raise UnknownFilter(_("There is no category “%(value)s”. Use one of: %(choices)s.",
                                  value=args["kategori"][:60], choices=", ".join(slugs)))
    if args.get("status"):
        try:
            status = ReportStatus(args["status"])
        except ValueError:
            raise UnknownFilter(_("There is no status “%(value)s”. Use one of: %(choices)s.",
                                  value=args["status"][:60],
                                  choices=", ".join(s.value for s in ReportStatus))) from None
    return category, status


def report_feed_alternate(category=None, status=None):
    """The reports feed, with the same filter as the page announcing it."""
    return feeds.alternate("rss", _("Reports (RSS)"), "reports_feed.feed",
                           kategori=category.slug if category else None,
                           status=status.value if status else None)


def _entries(category, status):
    query = (
        db.select(ReportUpdate)
        .join(Report)
        .where(Report.is_published, ~Report.is_hidden, ReportUpdate.kind.in_(FEED_KINDS))
        .options(selectinload(ReportUpdate.report).selectinload(Report.category))
        .order_by(ReportUpdate.created_at.desc(), ReportUpdate.id.desc())
        .limit(current_app.config["FEED_ITEMS"])
    )
    if category is not None:
        query = query.where(Report.category_id == category.id)
    if status is not None:
        query = query.where(Report.status == status)
    return db.session.scalars(query).all()


def _title(update):
    report = update.report
    if update.kind is UpdateKind.PUBLISHED:
        return _("New report: %(title)s", title=report.public_title)
    if update.kind is UpdateKind.STATUS:
        return _("%(title)s: %(status)s", title=report.public_title, status=update.status.label)
    return _("%(title)s: reply from %(municipality)s", title=report.public_title,
             municipality=current_app.config["MUNICIPALITY_NAME"])


def _text(update):
    return update.report.public_text if update.kind is UpdateKind.PUBLISHED else (update.message or "")


def _content(update):
    report = update.report
    facts = [report.reference, report.category.name, report.status.label, report.place]
    paragraphs = [" · ".join(str(fact) for fact in facts if fact)]
    if update.kind is UpdateKind.STATUS:
        paragraphs.append(_("New status: %(status)s", status=update.status.label))
    paragraphs += _text(update).split("\n\n")
    return "\n".join(
        str(Markup("<p>%s</p>") % Markup("<br>").join(escape(part).split("\n")))
        for part in paragraphs if part.strip()
    )


@bp.route("/rapporter/rss.xml")
def feed():
    try:
        category, status = _filters(request.args)
    except UnknownFilter as error:
        return render_error(400, _("Unknown filter"), str(error))
    changed = db.session.scalar(db.select(db.func.max(Report.updated_at)).where(Report.is_published))
    wanted = {"kategori": category.slug if category else None, "status": status.value if status else None}
    title = " – ".join([_("Reports")] + [str(x) for x in (category and category.name, status and status.label) if x])
    rss = feeds.new_feed(
        title,
        _("Published reports and what happens with them. Contact details are never shown."),
        absolute_url("reports.index", category=category.id if category else None,
                     status=wanted["status"]),
        absolute_url("reports_feed.feed", **wanted),
        changed,
    )
    for update in _entries(category, status):
        report = update.report
        feeds.add_entry(
            rss, f"rapporter/{report.id}/{update.id}", update.created_at,
            title=_title(update),
            url=absolute_url("reports.show", report_id=report.id),
            published=update.created_at,
            updated=update.created_at,
            summary=_text(update) or _title(update),
            content_html=_content(update),
            categories=[report.category.name],
        )
    return feeds.feed_response(rss, "rss", changed)
