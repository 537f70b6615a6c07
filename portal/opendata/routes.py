"""/oppna-data: the page that explains the open data, its files and the catalogue."""
import tempfile
import zipfile

from flask import Blueprint, Response, current_app, render_template, send_file, stream_with_context

from portal.extensions import db
from portal.opendata import dcat, services
from portal.reports.models import Category, Report

bp = Blueprint("opendata", __name__, url_prefix="/oppna-data")
MAX_AGE = 3600  # the files change with every publication; an hour old is fine for open data


def _download(chunks, mimetype, filename):
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("")
def index():
    sensitive = db.session.scalars(db.select(Category.name).where(Category.is_sensitive)
                                   .order_by(Category.position, Category.name)).all()
    return render_template("opendata/index.html", sensitive=sensitive,
                           threshold=current_app.config["LAGESBILD_PUBLIC_MIN_COUNT"])


@bp.route("/anmalningar.csv")
def reports_csv():
    return _download(services.reports_csv(), "text/csv", "anmalningar.csv")


@bp.route("/anmalningar.geojson")
def reports_geojson():
    return _download(services.reports_geojson(), "application/geo+json", "anmalningar.geojson")


@bp.route("/antal-per-manad.csv")
def counts_csv():
    return _download(services.counts_csv(), "text/csv", "antal-per-manad.csv")


def readme_text():
    return render_template("opendata/README.txt", threshold=current_app.config["LAGESBILD_PUBLIC_MIN_COUNT"],
                           columns=services.REPORT_COLUMNS, count_columns=services.COUNT_COLUMNS)


def licence_text():
    return render_template("opendata/LICENSE.txt")


@bp.route("/oppna-data.zip")
def bundle():
    """Both files with a README and the licence, written to a temporary file first (a
    million reports make a file too large to hold in memory)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme_text())
        archive.writestr("LICENSE.txt", licence_text())
        for name, chunks in (("anmalningar.csv", services.reports_csv()),
                             ("antal-per-manad.csv", services.counts_csv()),
                             ("anmalningar.geojson", services.reports_geojson())):
            with archive.open(name, "w") as member:
                for chunk in chunks:
                    member.write(chunk.encode("utf-8"))
    spool.seek(0)
    response = send_file(spool, mimetype="application/zip", as_attachment=True, download_name="oppna-data.zip",
                         max_age=MAX_AGE)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.call_on_close(spool.close)
    return response


@bp.route("/dcat.rdf")
def dcat_rdf():
    modified = db.session.scalar(db.select(db.func.max(Report.published_at))
                                 .where(Report.is_published, ~Report.is_hidden))
    response = Response(dcat.catalogue_rdf_xml(modified), mimetype="application/rdf+xml")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


