"""Reports near a point: the one search behind "Är det samma sak?" (nara.json) and the
case page's nearby reports. Positions are read first from the (lat, lon) index, whole rows
only for the few shown: a busy place has thousands of reports."""
from portal.extensions import db
from portal.reports import geo
from portal.reports.models import Report


def reports_near(query, lat, lon, metres, limit, prefer_category=None, options=()):
    """[(report, metres)] among `query`'s reports within `metres` of the point, nearest first
    (those of `prefer_category` before the rest); ties by id, so the order is stable."""
    south, west, north, east = geo.bounding_box(lat, lon, metres)
    candidates = db.session.execute(
        query.where(Report.lat.between(south, north), Report.lon.between(west, east))
        .with_only_columns(Report.id, Report.category_id, Report.lat, Report.lon)
    ).all()
    found = [
        (report_id, category_id, round(geo.distance_m(lat, lon, other_lat, other_lon)))
        for report_id, category_id, other_lat, other_lon in candidates
    ]
    found = [entry for entry in found if entry[2] <= metres]
    found.sort(key=lambda entry: (prefer_category is not None and entry[1] != prefer_category,
                                  entry[2], entry[0]))
    chosen = found[:limit]
    if not chosen:
        return []
    loaded = {report.id: report for report in db.session.scalars(
        db.select(Report).where(Report.id.in_([entry[0] for entry in chosen])).options(*options)
    )}
    return [(loaded[report_id], distance) for report_id, _category, distance in chosen]
