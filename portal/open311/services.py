"""The rules of the API: keys, receiving a report, following a token, a department's
status update. Services flush; the routes commit."""
import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.audit import services as audit
from portal.common.rules import RuleError
from portal.common.text import clean_multiline_text, clean_text
from portal.desk import services as desk
from portal.extensions import db
from portal.open311.models import KEY_PREFIX_LENGTH, ApiKey, ApiRequest, ApiUpdate, hash_key
from portal.open311.queries import is_number
from portal.reports import services as reports
from portal.reports.geo import inside
from portal.reports.models import (
    DESCRIPTION_MAX,
    EMAIL_MAX,
    NAME_MAX,
    PHONE_MAX,
    PLACE_MAX,
    Category,
    Report,
    ReportStatus,
)
from portal.timeutil import utcnow

SERVICE_NOTICE = _l("Thank you! The report has been received. The municipality checks it before it is "
                    "published; follow it with the token.")
# The statuses a department's system may set, by their Open311/FixMyStreet names.
UPDATE_STATUSES = {
    "open": ReportStatus.CONFIRMED,
    "confirmed": ReportStatus.CONFIRMED,
    "investigating": ReportStatus.INVESTIGATING,
    "in_progress": ReportStatus.IN_PROGRESS,
    "action_scheduled": ReportStatus.ACTION_SCHEDULED,
    "closed": ReportStatus.FIXED,
    "fixed": ReportStatus.FIXED,
    "not_responsible": ReportStatus.NOT_RESPONSIBLE,
    "unable_to_fix": ReportStatus.UNABLE_TO_FIX,
}


class ApiError(Exception):
    """A refused API call: the HTTP status and the Swedish description to send back."""

    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


# --- Keys ---------------------------------------------------------------------------------


def create_key(name, department, is_trusted, created_by):
    """A new key: returns (key, secret). The secret is shown once and stored only hashed."""
    name = clean_text(name or "")
    if not name:
        raise RuleError(_("Write the name of the system that will use the key."), "name")
    secret = secrets.token_urlsafe(32)
    key = ApiKey(name=name[:120], department=department, is_trusted=bool(is_trusted),
                 key_hash=hash_key(secret), key_prefix=secret[:KEY_PREFIX_LENGTH], created_by=created_by)
    db.session.add(key)
    db.session.flush()
    audit.record("api_key_created", _("Created the API key %(name)s.", name=key.name),
                 details={"api_key_id": key.id, "department": department.slug if department else None,
                          "trusted": key.is_trusted})
    return key, secret


def revoke_key(key):
    if key.revoked_at is not None:
        raise RuleError(_("The key is already revoked."))
    key.revoked_at = utcnow()
    db.session.flush()
    audit.record("api_key_revoked", _("Revoked the API key %(name)s.", name=key.name),
                 details={"api_key_id": key.id})


def _actor(key):
    return f"Open311: {key.name}"


def record_refusal(key, method, error):
    key = db.session.merge(key)
    audit.record("open311_post_refused",
                 _("Refused a POST to %(method)s through the API: %(reason)s", method=method,
                   reason=error.description),
                 actor_name=_actor(key), details={"api_key_id": key.id, "status": error.status})


# --- Receiving a report -----------------------------------------------------------------


def _field(form, name, limit, multiline=False):
    value = form.get(name) or ""
    value = clean_multiline_text(value) if multiline else clean_text(value)
    if len(value) > limit:
        raise ApiError(400, _("%(name)s: at most %(count)s characters.", name=name, count=limit))
    return value or None


def _position(form, bounds):
    lat, lon = form.get("lat"), form.get("long")
    if not lat and not lon:
        return None
    try:
        position = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ApiError(400, _("lat and long: give both as decimal numbers (WGS 84).")) from None
    if not inside(bounds, *position):
        raise ApiError(400, _("lat and long: the place is outside the municipality."))
    return position


def receive(key, form, bounds):
    """A report from a client system: registered as received and unpublished, exactly as a
    web report, unless the key is trusted (then published at once). Returns the ApiRequest.
    A media_url is accepted and ignored: the server never fetches what a client points to."""
    code = clean_text(form.get("service_code") or "")
    if not code:
        raise ApiError(400, _("service_code is missing."))
    category = db.session.scalar(db.select(Category).where(Category.slug == code[:60], Category.is_active))
    if category is None:
        raise ApiError(404, _("There is no service with the service_code “%(code)s”.", code=code[:60]))
    description = _field(form, "description", DESCRIPTION_MAX, multiline=True)
    if not description:
        raise ApiError(400, _("description is missing: describe what has happened."))
    position = _position(form, bounds)
    place = _field(form, "address_string", PLACE_MAX)
    if position is None and not place:
        raise ApiError(400, _("Give the place with lat and long or address_string."))
    name = " ".join(filter(None, (_field(form, "first_name", NAME_MAX), _field(form, "last_name", NAME_MAX))))
    email = _field(form, "email", EMAIL_MAX)
    phone = _field(form, "phone", PHONE_MAX)
    contact = reports.Contact(name=name[:NAME_MAX] or None, email=email, phone=phone, wants_replies=False)
    report = reports.receive_report(category, description, place, position, [], contact)
    submission = ApiRequest(token=secrets.token_urlsafe(24), report=report, api_key=key)
    db.session.add(submission)
    key.last_used_at = utcnow()
    db.session.flush()
    audit.record("open311_request_received",
                 _("Received report %(reference)s through the API.", reference=report.reference),
                 report=report, actor_name=_actor(key),
                 details={"api_key_id": key.id, "trusted": key.is_trusted})
    if key.is_trusted:
        try:
            desk.publish(report, category.name, description)
        except RuleError:
            pass  # the text names someone or holds contact details: the coordinator decides
    return submission


def token_state(token):
    """The report id for a token once published; None while waiting; ApiError 404 when
    the token is unknown or the report was rejected (or hidden)."""
    submission = db.session.scalar(db.select(ApiRequest).where(ApiRequest.token == token[:64]))
    if submission is None:
        raise ApiError(404, _("Unknown token."))
    report = submission.report
    if report.status is ReportStatus.REJECTED or report.is_hidden:
        raise ApiError(404, _("The report will not be published."))
    return str(report.id) if report.is_published else None


# --- Status updates from a department's system ----------------------------------------


def post_update(key, form):
    """Change a report's status with a public note, for the key's department only.
    update_id is the client's own, unique per key: a repeat is refused."""
    if key.department_id is None:
        raise ApiError(403, _("The key belongs to no department and may not update reports."))
    update_id = clean_text(form.get("update_id") or "")
    if not update_id or len(update_id) > 100:
        raise ApiError(400, _("update_id is missing or longer than 100 characters."))
    raw_id = (form.get("service_request_id") or "").strip()
    report = db.session.get(Report, int(raw_id)) if is_number(raw_id) and int(raw_id) < 2**31 else None
    if report is None:
        raise ApiError(404, _("There is no report with that service_request_id."))
    if report.department_id != key.department_id:
        raise ApiError(403, _("The report does not belong to the key's department."))
    status = UPDATE_STATUSES.get((form.get("status") or "").strip().lower())
    if status is None:
        raise ApiError(400, _("status: use one of %(choices)s.", choices=", ".join(UPDATE_STATUSES)))
    note = _field(form, "description", DESCRIPTION_MAX, multiline=True) or ""
    taken = db.session.scalar(db.select(ApiUpdate.id).where(ApiUpdate.api_key_id == key.id,
                                                           ApiUpdate.update_id == update_id))
    if taken:
        raise ApiError(400, _("update_id “%(id)s” has already been used with this key.", id=update_id))
    try:
        desk.change_status(report, status, note, reason=_actor(key))
    except RuleError as error:
        raise ApiError(400, str(error)) from None
    change = report.updates[-1]
    db.session.flush()
    db.session.add(ApiUpdate(api_key_id=key.id, update_id=update_id, report_id=report.id,
                             report_update_id=change.id))
    key.last_used_at = utcnow()
    db.session.flush()
    audit.record("open311_update_received",
                 _("Received a status update through the API for %(reference)s.", reference=report.reference),
                 report=report, actor_name=_actor(key), details={"api_key_id": key.id, "update_id": update_id})
    return change
