"""Trygghetsportalen: the application factory."""
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    """Build the app: settings, extensions, blueprints, error pages and commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, test_config)
    register_extensions(app)
    from portal import urls

    urls.init_app(app)  # before the blueprints: their rules use its converter
    register_blueprints(app)
    register_templating(app)

    from portal import errors, security

    errors.init_app(app)
    security.init_app(app)

    from portal import cli

    cli.init_app(app)
    register_delivery(app)
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
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **options, "connect_args": {"options": "-c jit=off -c max_parallel_workers_per_gather=0", **options.get("connect_args", {})},
        }
    if not app.config["PUBLIC_BASE_URL"]:
        app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{local_port()}"
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
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

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "portal" / "migrations"))
    csrf.init_app(app)
    babel.init_app(app)
    limiter.init_app(app)
    from portal import ratelimits

    ratelimits.init_app(app)

    # Models must be imported for Alembic and relationships to see every table.
    from portal import models  # noqa: F401
    from portal.lagesbild import daily

    daily.init_app(app)  # the lägesbild's counts follow every report change


def register_blueprints(app):
    from portal.accounts import routes as accounts
    from portal.audit.routes import bp as audit_bp
    from portal.core.routes import bp as core_bp
    from portal.desk.routes import bp as desk_bp
    from portal.events.routes import bp as events_bp
    from portal.exports.routes import bp as exports_bp
    from portal.lagesbild.routes import bp as lagesbild_bp
    from portal.news.routes import bp as news_bp
    from portal.reports.routes import bp as reports_bp
    from portal.settings.routes import bp as settings_bp
    from portal.walks import admin as walks_admin
    from portal.walks import reminders as walk_reminders
    from portal.walks.routes import bp as walks_bp

    accounts.init_app(app)
    app.register_blueprint(core_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(walks_bp)
    app.register_blueprint(news_bp)  # public news and the editors' pages under /admin
    app.register_blueprint(events_bp)  # the same for events
    app.register_blueprint(lagesbild_bp)  # /lagesbild and /admin/lagesbild
    for staff_bp in (accounts.bp, desk_bp, audit_bp, exports_bp, settings_bp, walks_admin.bp):
        app.register_blueprint(staff_bp)
    walk_reminders.init_app(app)
    app.before_request(accounts.protect_staff_pages)


def register_delivery(app):
    """How responses travel: compressed, static files under hashed names, and public pages
    from memory. Last, as each wraps the app's WSGI callable (WhiteNoise outermost)."""
    from portal import assets, pagecache
    from portal.extensions import db

    pagecache.init_app(app, db)
    assets.init_app(app)


def register_templating(app):
    from portal import templating

    templating.init_app(app)
