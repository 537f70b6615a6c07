"""/rapporter/karta.geojson: every published report with a position that matches the
list's filters (?category=<id>&status=<value>), as GeoJSON for the map on /rapporter and
anyone else. Only what the public report page shows: title, category, status, date,
place and link; never the resident's text or contact details.

At most MAP_MAX_POINTS, newest first, read as plain rows from the public-list index (no
ORM objects); `truncated` in the collection says when there were more.
"""
from flask import Blueprint, current_app, jsonify, request

from portal.extensions import db
from portal.reports.models import Category, Report, ReportStatus
from portal.timeutil import to_local
from portal.urls import absolute_url, id_arg

bp = Blueprint("reports_map", __name__)

# Pins by status group: a colour and a word, so the colour is never the only sign.
STATUS_GROUPS = {
    ReportStatus.RECEIVED: "new", ReportStatus.CONFIRMED: "new",
    ReportStatus.INVESTIGATING: "ongoing", ReportStatus.IN_PROGRESS: "ongoing",
    ReportStatus.ACTION_SCHEDULED: "ongoing", ReportStatus.FIXED: "fixed",
}


def status_group(status):
    return STATUS_GROUPS.get(status, "closed")


@bp.route("/rapporter/karta.geojson")
def geojson():
    limit = current_app.config["MAP_MAX_POINTS"]
    query = (
        Report.public()
        .with_only_columns(Report.id, Report.lat, Report.lon, Report.public_title, Report.status, Report.place,
                           Report.created_at, Category.name)
        .join(Category, Category.id == Report.category_id)
        .where(Report.lat.is_not(None))
        .order_by(Report.published_at.desc(), Report.id.desc())
        .limit(limit + 1)
    )
    category_id = id_arg("category")
    if category_id:
        query = query.where(Report.category_id == category_id)
    try:
        status = ReportStatus(request.args["status"]) if request.args.get("status") else None
    except ValueError:
        status = None
    if status is not None:
        query = query.where(Report.status == status)
    rows = db.session.execute(query).all()
    features = [
        {
            "type": "Feature",
            "id": row.id,
            "geometry": {"type": "Point", "coordinates": [round(row.lon, 6), round(row.lat, 6)]},
            "properties": {
                "title": row.public_title,
                "category": row.name,
                "status": row.status.value,
                "status_label": str(row.status.label),
                "status_group": status_group(row.status),
                "place": row.place,
                "received": to_local(row.created_at).date().isoformat(),
                "url": absolute_url("reports.show", report_id=row.id),
            },
        }
        for row in rows[:limit]
    ]
    response = jsonify(type="FeatureCollection", features=features, truncated=len(rows) > limit)
    response.content_type = "application/geo+json"
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    return response
