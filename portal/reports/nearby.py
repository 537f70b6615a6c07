"""Reports near a point: the one search behind "Är det samma sak?" (nara.json) and the
case page's nearby reports. A busy place has thousands of reports within reach, so the
database orders them by a flat-earth distance (good to millimetres over a few hundred
metres) and sends only the first few; Python measures those exactly (haversine, whole
metres) and orders them as the page shows them. Whole rows are loaded only for the ones
shown."""
import math

from sqlalchemy import case

from portal.extensions import db
from portal.reports import geo
from portal.reports.models import Report

# Rows the database sends per search, per row shown: the flat distance puts nearly every
# report in its exact place; the margin covers ties at whole metres.
FETCH_PER_SHOWN = 3


def flat_error_m(lat, metres):
    """How far the flat distance may be from the haversine one within `metres` of a point
    at `lat`, and a metre more: the flat distance measures east-west along the point's own
    parallel, off for a report north or south of it by about tan(lat)·d²/(4R); twice that is
    allowed. (Measured: 3 mm at 250 m in Skåne; 1.9 m at 5 km at 68° N, where this allows
    5.9 m.)"""
    return 1 + math.tan(math.radians(min(abs(lat), 85))) * metres * metres / (2 * geo.EARTH_RADIUS_M)


def reports_near(query, lat, lon, metres, limit, prefer_category=None, options=()):
    """[(report, metres)] among `query`'s reports within `metres` of the point, nearest first
    (those of `prefer_category` before the rest); ties by id, so the order is stable."""
    south, west, north, east = geo.bounding_box(lat, lon, metres)
    per_degree = math.radians(1) * geo.EARTH_RADIUS_M
    north_m = (Report.lat - lat) * per_degree
    east_m = (Report.lon - lon) * (per_degree * math.cos(math.radians(lat)))
    flat_squared = north_m * north_m + east_m * east_m
    other_category = (case((Report.category_id == prefer_category, 0), else_=1)
                      if prefer_category is not None else None)
    margin = flat_error_m(lat, metres)
    within = query.where(Report.lat.between(south, north), Report.lon.between(west, east),
                         flat_squared <= (metres + margin) ** 2)
    columns = (Report.id, Report.category_id, Report.lat, Report.lon)
    fetch = limit * FETCH_PER_SHOWN
    order = [*([other_category] if other_category is not None else []), flat_squared, Report.id]
    first = db.session.execute(
        within.with_only_columns(*columns, flat_squared).order_by(*order).limit(fetch)).all()
    chosen = _nearest(first, lat, lon, metres, limit, prefer_category)
    if len(first) == fetch and not _certain(first[-1], chosen, limit, prefer_category, margin):
        # Ties straddling the last row sent: measure every report within reach instead.
        chosen = _nearest(db.session.execute(within.with_only_columns(*columns)).all(),
                          lat, lon, metres, limit, prefer_category)
    if not chosen:
        return []
    loaded = {report.id: report for report in db.session.scalars(
        db.select(Report).where(Report.id.in_([entry[0] for entry in chosen])).options(*options)
    )}
    return [(loaded[report_id], distance) for report_id, _category, distance in chosen]


def _nearest(rows, lat, lon, metres, limit, prefer_category):
    """The first `limit` of rows (id, category, lat, lon, …) within `metres`, measured
    exactly: [(id, category, whole metres)] in the page's order."""
    found = [
        (report_id, category_id, round(geo.distance_m(lat, lon, other_lat, other_lon)))
        for report_id, category_id, other_lat, other_lon, *_flat in rows
    ]
    found = [entry for entry in found if entry[2] <= metres]
    found.sort(key=lambda entry: (prefer_category is not None and entry[1] != prefer_category,
                                  entry[2], entry[0]))
    return found[:limit]


def _certain(last_sent, chosen, limit, prefer_category, margin):
    """Whether no report after `last_sent` (the last row the database sent, in its order)
    can be among the first `limit`: those chosen are all there, and every later report is
    in a later group (the preferred category first) or further than the last chosen by
    more than rounding and the flat error (`margin`). (The chosen come from the rows sent, so the
    last one's group is never before the last chosen's.)"""
    if len(chosen) < limit:
        return False
    _id, category_id, _lat, _lon, flat_squared = last_sent
    _chosen_id, chosen_category, chosen_metres = chosen[-1]
    if prefer_category is not None and (category_id != prefer_category) > (chosen_category != prefer_category):
        return True
    return math.sqrt(flat_squared) - margin >= chosen_metres + 1
