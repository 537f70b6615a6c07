"""The RSS and Atom feeds of published reports and their public history (published, status
changes, public replies): /rapporter/rss.xml and /rapporter/atom.xml, with
?kategori=<slug>&status=<value>, and a place: ?omrade=<area slug> or
?lat=<lat>&lon=<lon>&radie=<250|500|1000> (the places an alert can ask for).

Only what the public report page shows goes in: the coordinator's public title and text,
category, place, status and the public notes and replies. Never the resident's own
description or contact details, and nothing of a hidden report.
"""
from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import text
from sqlalchemy.orm import selectinload

from portal import feeds
from portal.areas import configured_areas
from portal.errors import render_error
from portal.extensions import db
from portal.reports import geo
from portal.reports.models import Category, Report, ReportStatus, ReportUpdate, UpdateKind
from portal.urls import absolute_url

bp = Blueprint("reports_feed", __name__)

FEED_KINDS = (UpdateKind.PUBLISHED, UpdateKind.STATUS, UpdateKind.REPLY)
# The condition of the partial index ix_report_update_feed (migration d1c_case_feed), as text.
FEED_KINDS_SQL = text("report_update.kind IN ({})".format(", ".join(f"'{kind.value}'" for kind in FEED_KINDS)))
RADII = (250, 500, 1000)


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


def _place(args):
    """(area, (lat, lon, metres)) from the query string; an unknown area or a point outside
    the municipality is refused like an unknown category."""
    area = circle = None
    if args.get("omrade"):
        area = next((a for a in configured_areas() if a.slug == args["omrade"]), None)
        if area is None:
            raise UnknownFilter(_("There is no area “%(value)s”. Use one of: %(choices)s.",
                                  value=args["omrade"][:60],
                                  choices=", ".join(a.slug for a in configured_areas())))
    if args.get("lat") or args.get("lon") or args.get("radie"):
        lat, lon = args.get("lat", type=float), args.get("lon", type=float)
        metres = args.get("radie", type=int)
        if lat is None or lon is None or not geo.inside(current_app.config["MAP_BOUNDS"], lat, lon):
            raise UnknownFilter(_("Give lat and lon of a point in the municipality."))
        if metres not in RADII:
            raise UnknownFilter(_("The radius (radie) must be one of: %(choices)s.",
                                  choices=", ".join(str(r) for r in RADII)))
        circle = (lat, lon, metres)
    return area, circle


def report_feed_alternate(category=None, status=None):
    """The reports feed, with the same filter as the page announcing it."""
    return feeds.alternate("rss", _("Reports (RSS)"), "reports_feed.feed",
                           kategori=category.slug if category else None,
                           status=status.value if status else None)


def _entries(category, status, area=None, circle=None):
    """The newest public history lines, newest first. They are read in the order of the
    partial index ix_report_update_feed, each checked against its report (EXISTS), so the
    query stops after `limit` lines. The kinds are written out as the index's own
    condition: SQLite uses a partial index only for a condition it can see implies it,
    never for bound parameters (with them the feed took 650 ms at a million reports
    there, sorting every line; now under a millisecond on both databases)."""
    limit = current_app.config["FEED_ITEMS"]
    of_report = [Report.id == ReportUpdate.report_id, Report.is_published, ~Report.is_hidden]
    if area is not None:
        of_report += [Report.lat.between(area.south, area.north), Report.lon.between(area.west, area.east)]
    if circle is not None:
        south, west, north, east = geo.bounding_box(*circle)
        of_report += [Report.lat.between(south, north), Report.lon.between(west, east)]
    if category is not None:
        of_report.append(Report.category_id == category.id)
    if status is not None:
        of_report.append(Report.status == status)
    query = (
        db.select(ReportUpdate)
        .where(FEED_KINDS_SQL, db.exists().where(*of_report))
        .options(selectinload(ReportUpdate.report).selectinload(Report.category))
        .order_by(ReportUpdate.created_at.desc(), ReportUpdate.id.desc())
        .limit(limit * 4 if circle else limit)
    )
    found = db.session.scalars(query).all()
    if circle is not None:
        lat, lon, metres = circle
        found = [u for u in found if geo.distance_m(lat, lon, u.report.lat, u.report.lon) <= metres][:limit]
    return found


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
    return _feed("rss")


@bp.route("/rapporter/atom.xml")
def atom():
    return _feed("atom")


def _feed(kind):
    try:
        category, status = _filters(request.args)
        area, circle = _place(request.args)
    except UnknownFilter as error:
        return render_error(400, _("Unknown filter"), str(error))
    changed = db.session.scalar(db.select(db.func.max(Report.updated_at)).where(Report.is_published))
    wanted = {"kategori": category.slug if category else None, "status": status.value if status else None,
              "omrade": area.slug if area else None}
    if circle:
        wanted.update(lat=circle[0], lon=circle[1], radie=circle[2])
    place = area.name if area else (_("%(metres)s m around a point", metres=circle[2]) if circle else None)
    title = " – ".join([_("Reports")] + [str(x) for x in (category and category.name, status and status.label,
                                                           place) if x])
    rss = feeds.new_feed(
        title,
        _("Published reports and what happens with them. Contact details are never shown."),
        absolute_url("reports.index", category=category.id if category else None,
                     status=wanted["status"]),
        absolute_url("reports_feed.feed" if kind == "rss" else "reports_feed.atom", **wanted),
        changed,
    )
    for update in _entries(category, status, area, circle):
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
    return feeds.feed_response(rss, kind, changed)
