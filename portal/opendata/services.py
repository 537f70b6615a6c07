"""What the open data files hold: published reports without free text, photos, times of
day or exact positions, and monthly counts with small counts suppressed.

Left out: every text a person wrote (the resident's description, the coordinator's public
title and text, the place), photos, times of day, hidden reports and categories marked
sensitive. Positions are rounded to 0.001° (about 110 m north–south, 60 m east–west here).
"""
import csv
import io
import json
from collections import defaultdict

from flask import current_app

from portal.areas import area_names, classify
from portal.common.csvfile import safe_cell
from portal.extensions import db
from portal.lagesbild.figures import suppress
from portal.lagesbild.tables import SUPPRESSED
from portal.reports.models import Category, Report
from portal.timeutil import to_local

ROUNDING = 3  # decimals of a degree kept in a position
BATCH = 5000
REPORT_COLUMNS = ["id", "kategori", "kategorinamn", "status", "oppen_stangd", "mottagen_datum",
                  "publicerad_datum", "avslutad_datum", "omrade", "lat", "lon"]
COUNT_COLUMNS = ["manad", "kategori", "kategorinamn", "omrade", "omradesnamn", "antal", "undertryckt"]


def _day(value):
    return to_local(value).date().isoformat() if value else None


def _rounded(value):
    return None if value is None else round(value, ROUNDING)


def _open_reports():
    """The published, visible reports of categories that are not sensitive, oldest first."""
    return (db.select(Report.id, Report.status, Report.created_at, Report.published_at, Report.closed_at,
                      Report.lat, Report.lon, Category.slug, Category.name)
            .join(Category, Report.category_id == Category.id)
            .where(Report.is_published, ~Report.is_hidden, ~Category.is_sensitive)
            .order_by(Report.id)
            .execution_options(yield_per=BATCH))


def report_records():
    """One dict per report, in REPORT_COLUMNS (streamed, for any number of reports)."""
    for row in db.session.execute(_open_reports()):
        yield {
            "id": str(row.id), "kategori": row.slug, "kategorinamn": row.name, "status": row.status.value,
            "oppen_stangd": "closed" if row.closed_at else "open",
            "mottagen_datum": _day(row.created_at), "publicerad_datum": _day(row.published_at),
            "avslutad_datum": _day(row.closed_at),
            # The area from the exact position, before rounding, as the lägesbild counts it.
            "omrade": classify(row.lat, row.lon),
            "lat": _rounded(row.lat), "lon": _rounded(row.lon),
        }


def _csv_line(values):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([safe_cell(v) for v in values])
    return out.getvalue()


def reports_csv():
    """The reports as CSV (RFC 4180: commas, UTF-8, no BOM), line by line."""
    yield _csv_line(REPORT_COLUMNS)
    for record in report_records():
        yield _csv_line([record[column] for column in REPORT_COLUMNS])


def reports_geojson():
    """The reports with a position as a GeoJSON FeatureCollection, piece by piece."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for record in report_records():
        if record["lat"] is None:
            continue
        properties = {k: v for k, v in record.items() if k not in ("lat", "lon")}
        feature = {"type": "Feature", "id": record["id"],
                   "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
                   "properties": properties}
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}\n"


def monthly_counts():
    """Rows (month, category slug, name, area slug, area name, count or None, suppressed):
    per month and category, the counts of every area, those below the lägesbild's threshold
    suppressed, and one more when only one would be (secondary suppression)."""
    threshold = current_app.config["LAGESBILD_PUBLIC_MIN_COUNT"]
    names = area_names()
    counts = defaultdict(lambda: dict.fromkeys(names, 0))
    categories = {}
    query = (db.select(Report.created_at, Report.lat, Report.lon, Category.slug, Category.name)
             .join(Category, Report.category_id == Category.id)
             .where(Report.is_published, ~Report.is_hidden, ~Category.is_sensitive)
             .execution_options(yield_per=BATCH))
    for row in db.session.execute(query):
        month = to_local(row.created_at).strftime("%Y-%m")
        categories[row.slug] = row.name
        counts[(month, row.slug)][classify(row.lat, row.lon)] += 1
    for (month, slug) in sorted(counts):
        shown = suppress(counts[(month, slug)], threshold)
        for area, value in shown.items():
            hidden = value == SUPPRESSED
            yield month, slug, categories[slug], area, names[area], None if hidden else value, hidden


def counts_csv():
    yield _csv_line(COUNT_COLUMNS)
    for month, slug, name, area, area_name, value, hidden in monthly_counts():
        yield _csv_line([month, slug, name, area, area_name, "" if value is None else value,
                         "ja" if hidden else "nej"])
