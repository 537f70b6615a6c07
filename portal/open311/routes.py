"""GeoReport v2 at /open311/v2/<method>.<json|xml>: not pages but an API. No CSRF (keys
authorise the POSTs; see __init__), no page cache (pagecache skips /open311/), no session
cookie, and CORS open to any origin for GET."""
from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from portal.extensions import db
from portal.open311 import formats, queries, services
from portal.open311.models import ApiKey
from portal.open311.openapi import openapi_document
from portal.open311.services import ApiError
from portal.ratelimits import counters
from portal.reports.models import Category, Report, ReportUpdate
from portal.timeutil import utcnow
from portal.urls import absolute_url

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
FMT = "<any(json, xml):fmt>"
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00+00:00"


@bp.after_request
def _api_headers(response):
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "no-cache")
    return response


def _check_jurisdiction(fmt):
    """jurisdiction_id may be left out; given, it must be ours."""
    given = request.values.get("jurisdiction_id")
    if given and given != current_app.config["OPEN311_JURISDICTION_ID"]:
        raise ApiError(404, _("Unknown jurisdiction_id."))


@bp.errorhandler(ApiError)
def _api_error(error):
    fmt = (request.view_args or {}).get("fmt", "json")
    return formats.error(fmt, error.status, error.description)


def _key():
    """The client's key from the POSTed api_key (never the query string, which ends up in
    logs); 403 without a valid one."""
    key = ApiKey.by_secret(request.form.get("api_key", "").strip())
    if key is None:
        raise ApiError(403, _("Invalid or missing api_key."))
    return key


def _spend(key, kind):
    """One of the key's POSTs of this kind, counted before the work; 429 over the limit."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    if not counters().hit(current_app.config["OPEN311_POST_LIMIT"], "open311", kind, key.id):
        raise ApiError(429, _("Too many requests with this key. Wait a while and try again."))


@bp.route(f"/discovery.{FMT}")
def discovery(fmt):
    config = current_app.config
    data = {
        "changeset": CHANGESET,
        "contact": f"{config['MUNICIPALITY_NAME']}, {config['MUNICIPALITY_EMAIL']}, {config['MUNICIPALITY_PHONE']}",
        "key_service": _("Keys for sending reports are given out by the safety coordinator: %(email)s.",
                         email=config["MUNICIPALITY_EMAIL"]),
        "endpoints": [{
            "specification": SPEC_URL,
            "url": absolute_url("open311.discovery", fmt="json").rsplit("/", 1)[0],
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }
    return formats.respond(fmt, data, "discovery", None, item_tags={"endpoints": "endpoint", "formats": "format"})


def _service_row(category):
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "batch",
        "keywords": "",
        "group": category.department.name if category.department else "",
    }


@bp.route(f"/services.{FMT}")
def services_list(fmt):
    _check_jurisdiction(fmt)
    rows = [_service_row(c) for c in db.session.scalars(Category.active()).all()]
    return formats.respond(fmt, rows, "services", "service")


@bp.route(f"/services/<code>.{FMT}")
def service_definition(code, fmt):
    _check_jurisdiction(fmt)
    category = db.session.scalar(db.select(Category).where(Category.slug == code[:60], Category.is_active))
    if category is None:
        raise ApiError(404, _("There is no such service."))
    return formats.respond(fmt, {"service_code": category.slug, "attributes": []},
                           "service_definition", None, item_tags={"attributes": "attribute"})


def _extensions():
    return request.args.get("extensions", "").lower() in ("true", "1")


def _requests_response(fmt, rows):
    return formats.respond(fmt, rows, "service_requests", "request",
                           item_tags={"notes": "note"})


@bp.route(f"/requests.{FMT}", methods=["GET", "POST"])
def requests(fmt):
    _check_jurisdiction(fmt)
    if request.method == "POST":
        return _post_request(fmt)
    try:
        query, page, size = queries.request_query(request.args, utcnow())
    except queries.BadFilter as error:
        raise ApiError(400, str(error)) from None
    extensions = _extensions()
    rows = [queries.request_row(r, extensions) for r in queries.fetch(query, page, size)]
    return _requests_response(fmt, rows)


def _refused(key, method, error):
    """A refused POST by a valid key is in the audit log too (counted by the key's limit,
    so it cannot flood the log); nothing of the refused request is saved."""
    db.session.rollback()
    services.record_refusal(key, method, error)
    db.session.commit()


def _post_request(fmt):
    key = _key()
    _spend(key, "requests")
    try:
        submission = services.receive(key, request.form, current_app.config["MAP_BOUNDS"])
    except ApiError as error:
        _refused(key, "requests", error)
        raise
    db.session.commit()
    row = {"token": submission.token, "service_notice": str(services.SERVICE_NOTICE), "account_id": None}
    return formats.respond(fmt, [row], "service_requests", "request")


@bp.route(f"/requests/<request_id>.{FMT}")
def request_one(request_id, fmt):
    _check_jurisdiction(fmt)
    report = None
    if queries.is_number(request_id) and int(request_id) < 2**31:
        report = db.session.scalar(queries.open_reports().where(Report.id == int(request_id)))
    if report is None:
        raise ApiError(404, _("There is no published report with that id."))
    return _requests_response(fmt, [queries.request_row(report, _extensions())])


@bp.route(f"/tokens/<token>.{FMT}")
def token(token, fmt):
    _check_jurisdiction(fmt)
    request_id = services.token_state(token)
    return formats.respond(fmt, [{"service_request_id": request_id, "token": token}],
                           "service_requests", "request")


@bp.route(f"/servicerequestupdates.{FMT}", methods=["GET", "POST"])
def updates(fmt):
    _check_jurisdiction(fmt)
    if request.method == "POST":
        key = _key()
        _spend(key, "updates")
        try:
            change = services.post_update(key, request.form)
        except ApiError as error:
            _refused(key, "servicerequestupdates", error)
            raise
        db.session.commit()
        return formats.respond(fmt, [{"update_id": str(change.id)}], "service_request_updates",
                               "request_update")
    try:
        start = queries.parse_time("start_date", request.args["start_date"]) if request.args.get("start_date") \
            else utcnow() - queries.MAX_SPAN
        end = queries.parse_time("end_date", request.args["end_date"]) if request.args.get("end_date") else None
        ids = queries.service_request_ids(request.args["service_request_id"]) \
            if request.args.get("service_request_id") else None
    except queries.BadFilter as error:
        raise ApiError(400, str(error)) from None
    query = (db.select(ReportUpdate).join(Report)
             .where(queries.open_report_clause(), ReportUpdate.kind.in_(queries.PUBLIC_UPDATE_KINDS),
                    ReportUpdate.created_at >= start)
             .order_by(ReportUpdate.created_at.desc(), ReportUpdate.id.desc()).limit(queries.MAX_PAGE_SIZE))
    if end is not None:
        query = query.where(ReportUpdate.created_at < end)
    if ids is not None:
        query = query.where(ReportUpdate.report_id.in_(ids))
    rows = [queries.update_row(u) for u in db.session.scalars(query).all()]
    return formats.respond(fmt, rows, "service_request_updates", "request_update")


@bp.route("/openapi.json")
def openapi():
    response = jsonify(openapi_document())
    return response
