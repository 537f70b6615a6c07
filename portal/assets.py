"""Static files under content-hashed names, kept for a year, compressed in advance; and
compression (Brotli or gzip) of the pages themselves.

`url_for('static', filename='css/portal.css')` gives `/static/css/portal.3f2a9c1b7d4e.css`:
the name changes whenever the file does, so browsers and proxies may keep it for a year
(`Cache-Control: max-age=31536000, public, immutable`). WhiteNoise serves these names from
a build folder (ASSET_BUILD_FOLDER, by default `instance/static-build`) that holds a copy
of each file under its hashed name and, for text files, `.br` and `.gz` next to it, made
once per content (so the first start after a change takes a second longer). The plain
names keep working, for a short time (files that refer to others relatively, such as
Leaflet's CSS and its images).

Pages, feeds and JSON are compressed per response by Flask-Compress; the public page cache
(portal/pagecache.py) keeps them compressed.
"""
import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import brotli
from flask_compress import Compress
from whitenoise import WhiteNoise

# Text worth compressing in advance; smaller files are sent as they are.
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".html", ".xml", ".ico"}
MIN_COMPRESS_BYTES = 1024
MAX_COMPRESS_BYTES = 512 * 1024  # Leaflet's unminified sources and source maps are not used
_hashes = {}  # (path, size, mtime) -> digest, so that each test's app does not rehash

compress = Compress()


class StaticFiles(WhiteNoise):
    FOREVER = 365 * 24 * 3600  # a year, as the names change with the content


def file_digest(path):
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        _hashes[key] = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()[:12]
    return _hashes[key]


def hashed_name(name, digest):
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


def build_manifest(static_folder):
    """{"css/portal.css": "css/portal.<hash>.css", …} for every file under static/."""
    root = Path(static_folder)
    manifest = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix not in (".gz", ".br"):
            name = path.relative_to(root).as_posix()
            manifest[name] = hashed_name(name, file_digest(path))
    return manifest


def _write_atomically(target, data):
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def build(static_folder, build_folder, manifest):
    """The hashed copies and their compressed variants, where they are not there yet."""
    for name, hashed in manifest.items():
        target = Path(build_folder) / hashed
        if target.exists():
            continue
        data = (Path(static_folder) / name).read_bytes()
        if target.suffix in COMPRESSIBLE and MIN_COMPRESS_BYTES <= len(data) <= MAX_COMPRESS_BYTES:
            _write_atomically(target.with_name(target.name + ".gz"), gzip.compress(data, 9, mtime=0))
            _write_atomically(target.with_name(target.name + ".br"),
                              brotli.compress(data, mode=brotli.MODE_TEXT))
        _write_atomically(target, data)  # last: its presence says the variants are done


def init_app(app):
    compress.init_app(app)
    static_folder = app.static_folder
    build_folder = app.config["ASSET_BUILD_FOLDER"] or str(Path(app.instance_path) / "static-build")
    manifest = build_manifest(static_folder)
    build(static_folder, build_folder, manifest)
    app.extensions["asset_manifest"] = manifest

    @app.url_defaults
    def hashed_static_names(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    hashed_urls = {"/static/" + hashed for hashed in manifest.values()}
    files = StaticFiles(
        app.wsgi_app,
        max_age=app.config["STATIC_MAX_AGE"],
        immutable_file_test=lambda _path, url: url in hashed_urls,
    )
    files.add_files(static_folder, prefix="static/")
    for hashed in manifest.values():
        files.add_file_to_dictionary("/static/" + hashed, str(Path(build_folder) / hashed))
    app.wsgi_app = files
