"""Trygghetsportalen: the application factory, which assembles the features."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the app: settings, extensions, features, error pages and commands.

    Everything is imported here, not at the top (and each feature imports its blueprints in
    its init_app): `import portal.<module>` (a process checking a photo, a migration, a
    test helper) loads only what it names, not the whole web app."""
    from portal import (
        accounts,
        alerts,
        assets,
        audit,
        cli,
        core,
        desk,
        desktools,
        efforts,
        errors,
        events,
        exports,
        followup,
        group,
        guards,
        i18n,
        lagesbild,
        languages,
        mail,
        metoo,
        models,  # noqa: F401  (every table, for Alembic and relationships)
        news,
        open311,
        opendata,
        pagecache,
        ratelimits,
        reports,
        security,
        settings,
        templating,
        urls,
        walks,
    )
    from portal.extensions import db

    # Each feature's init_app registers its blueprints, template filters, commands, hooks.
    features = (core, reports, walks, news, events, lagesbild, accounts, desk, audit, exports,
                settings, mail, open311, opendata, alerts, metoo, followup, languages, efforts, guards, group,
                desktools)
    app = Flask(
        __name__,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    i18n.init_app(app)  # stops here on a language Babel cannot parse
    register_extensions(app)
    ratelimits.init_app(app)
    urls.init_app(app)  # before the blueprints: their rules use its converter
    for feature in features:
        feature.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    # How responses travel: compressed, static files under hashed names, public pages from
    # memory. Last, as each wraps the app's WSGI callable (WhiteNoise outermost).
    pagecache.init_app(app, db)
    i18n.wrap(app)  # outside the page cache: it keys on the prefix and the banner language
    assets.init_app(app)
    return app


def local_port():
    """The port `make run` serves on: PORT when it is a port number, else 5000."""
    port = os.environ.get("PORT", "").strip()
    return int(port) if port.isdigit() and 0 < int(port) < 65536 else 5000


def load_config(app, test_config):
    app.config.from_object("portal.config")
    app.config.from_pyfile(Path(app.instance_path) / "config.py", silent=True)
    app.config.from_prefixed_env("PORTAL")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        db_path = Path(app.instance_path) / "portal.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # No JIT: the portal's queries are short, and compiling one whose cost is merely
        # estimated high (the lägesbild's joins to a table of weeks) takes 100 ms and more.
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        connect_args = {"options": "-c jit=off -c max_parallel_workers_per_gather=0",
                        **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}
    if not app.config["PUBLIC_BASE_URL"]:
        app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{local_port()}"
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    # Tests may add a folder (the pseudo-locale's catalogue): "a;b".
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    if not app.config["SECRET_KEY"]:
        if not (app.debug or app.testing or app.config.get("DEVELOPMENT")):
            raise RuntimeError("PORTAL_SECRET_KEY must be set (see README.md).")
        app.config["SECRET_KEY"] = "development-only-not-secret"

    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1, x_host=1
        )


def register_extensions(app):
    from portal.extensions import babel, csrf, db, limiter, migrate
    from portal.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "portal" / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
