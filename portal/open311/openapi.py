"""The API described in OpenAPI 3.1 (its schemas are JSON Schema 2020-12), served at
/open311/v2/openapi.json and checked against real responses by tests/test_open311.py."""
from flask import current_app

from portal.urls import absolute_url

NULLABLE_STRING = {"type": ["string", "null"]}
ERRORS = {
    "type": "array", "minItems": 1,
    "items": {"type": "object", "required": ["code", "description"], "additionalProperties": False,
              "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}},
}
SERVICE = {
    "type": "object", "additionalProperties": False,
    "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
    "properties": {
        "service_code": {"type": "string"}, "service_name": {"type": "string"},
        "description": {"type": "string"}, "metadata": {"type": "boolean"},
        "type": {"enum": ["realtime", "batch", "blackbox"]}, "keywords": {"type": "string"},
        "group": {"type": "string"},
    },
}
SERVICE_DEFINITION = {
    "type": "object", "required": ["service_code", "attributes"], "additionalProperties": False,
    "properties": {"service_code": {"type": "string"}, "attributes": {"type": "array"}},
}
NOTE = {
    "type": "object", "additionalProperties": False,
    "required": ["update_id", "service_request_id", "status", "status_detail", "kind", "updated_datetime",
                 "description", "media_url"],
    "properties": {
        "update_id": {"type": "string"}, "service_request_id": {"type": "string"},
        "status": {"enum": ["open", "closed"]}, "status_detail": NULLABLE_STRING,
        "kind": {"enum": ["published", "status", "reply"]},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "description": NULLABLE_STRING, "media_url": NULLABLE_STRING,
    },
}
SERVICE_REQUEST = {
    "type": "object", "additionalProperties": False,
    "required": ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                 "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                 "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"],
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"enum": ["open", "closed"]},
        "status_notes": NULLABLE_STRING,
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "description": {"type": "string"},
        "agency_responsible": {"type": "string"},
        "service_notice": NULLABLE_STRING,
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "expected_datetime": NULLABLE_STRING,
        "address": NULLABLE_STRING, "address_id": NULLABLE_STRING, "zipcode": NULLABLE_STRING,
        "lat": {"type": ["number", "null"]}, "long": {"type": ["number", "null"]},
        "media_url": NULLABLE_STRING,
        "extended_attributes": {
            "type": "object", "additionalProperties": False,
            "required": ["title", "reference", "status_detail", "url", "notes"],
            "properties": {
                "title": NULLABLE_STRING, "reference": {"type": "string"},
                "status_detail": {"enum": ["received", "confirmed", "investigating", "in_progress",
                                           "action_scheduled", "fixed", "duplicate", "not_responsible",
                                           "unable_to_fix", "rejected"]},
                "url": {"type": "string"},
                "notes": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceRequestUpdate"}},
            },
        },
    },
}
CREATED = {
    "type": "array", "minItems": 1, "maxItems": 1,
    "items": {"type": "object", "required": ["token", "service_notice", "account_id"], "additionalProperties": False,
              "properties": {"token": {"type": "string"}, "service_notice": {"type": "string"},
                             "account_id": {"type": "null"}}},
}
TOKEN = {
    "type": "array", "minItems": 1, "maxItems": 1,
    "items": {"type": "object", "required": ["service_request_id", "token"], "additionalProperties": False,
              "properties": {"service_request_id": NULLABLE_STRING, "token": {"type": "string"}}},
}
DISCOVERY = {
    "type": "object", "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": {"type": "string"}, "contact": {"type": "string"}, "key_service": {"type": "string"},
        "endpoints": {"type": "array", "items": {
            "type": "object", "required": ["specification", "url", "changeset", "type", "formats"],
            "properties": {"specification": {"type": "string"}, "url": {"type": "string"},
                           "changeset": {"type": "string"}, "type": {"type": "string"},
                           "formats": {"type": "array", "items": {"type": "string"}}}}},
    },
}
UPDATE_CREATED = {
    "type": "array", "minItems": 1, "maxItems": 1,
    "items": {"type": "object", "required": ["update_id"], "additionalProperties": False,
              "properties": {"update_id": {"type": "string"}}},
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description, schema):
    return {"description": description, "content": {
        "application/json": {"schema": schema}, "text/xml": {"schema": {"type": "string"}}}}


def _errors(*codes):
    return {str(code): _answer("Fel", _ref("Errors")) for code in codes}


def _param(name, description, required=False, where="query", schema=None):
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}}


FORMAT = _param("format", "json eller xml", True, "path", {"enum": ["json", "xml"]})
JURISDICTION = _param("jurisdiction_id", "Får utelämnas; ett annat värde än kommunens ger 404.")


def openapi_document():
    """The description, with the server's own address."""
    base = absolute_url("open311.discovery", fmt="json").rsplit("/", 1)[0]
    request_filters = [
        _param("service_request_id", "Ett eller flera id åtskilda med komma; går före alla andra filter."),
        _param("service_code", "En eller flera tjänster åtskilda med komma."),
        _param("status", "open eller closed.", schema={"enum": ["open", "closed", "open,closed"]}),
        _param("start_date", "ISO 8601 med tidszon, inklusive. Standard: 90 dagar före end_date.",
               schema={"type": "string", "format": "date-time"}),
        _param("end_date", "ISO 8601 med tidszon, exklusive. Högst 90 dagar efter start_date.",
               schema={"type": "string", "format": "date-time"}),
        _param("updated_after", "ISO 8601 med tidszon.", schema={"type": "string", "format": "date-time"}),
        _param("updated_before", "ISO 8601 med tidszon.", schema={"type": "string", "format": "date-time"}),
        _param("page", "Sida, från 1.", schema={"type": "integer", "minimum": 1}),
        _param("page_size", "Rader per sida, 1–1000 (standard 100).",
               schema={"type": "integer", "minimum": 1, "maximum": 1000}),
        _param("extensions", "true ger extended_attributes med status_detail och offentliga noteringar.",
               schema={"enum": ["true", "false"]}),
    ]
    post_fields = {
        "type": "object", "required": ["api_key", "service_code", "description"],
        "properties": {name: {"type": "string"} for name in (
            "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "email", "first_name",
            "last_name", "phone", "description", "media_url", "device_id", "account_id")},
    }
    update_fields = {
        "type": "object", "required": ["api_key", "service_request_id", "update_id", "status"],
        "properties": {name: {"type": "string"} for name in (
            "api_key", "jurisdiction_id", "service_request_id", "update_id", "status", "description",
            "updated_datetime")},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{current_app.config['SERVICE_NAME']}: Open311 GeoReport v2",
            "version": "2",
            "description": "Publicerade anmälningar och nya anmälningar till kommunen. Nya anmälningar granskas "
                           "innan de publiceras (type=batch): POST ger en token att följa.",
            "license": {"name": "CC0-1.0", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": base}],
        "paths": {
            "/discovery.{format}": {"get": {"operationId": "discovery", "parameters": [FORMAT],
                                            "responses": {"200": _answer("Tjänstens uppgifter", _ref("Discovery"))}}},
            "/services.{format}": {"get": {
                "operationId": "services", "parameters": [FORMAT, JURISDICTION],
                "responses": {"200": _answer("Tjänsterna (kategorierna i bruk)",
                                             {"type": "array", "items": _ref("Service")}), **_errors(404)}}},
            "/services/{service_code}.{format}": {"get": {
                "operationId": "serviceDefinition",
                "parameters": [_param("service_code", "Tjänsten", True, "path"), FORMAT, JURISDICTION],
                "responses": {"200": _answer("Tjänstens definition", _ref("ServiceDefinition")), **_errors(404)}}},
            "/requests.{format}": {
                "get": {"operationId": "getRequests", "parameters": [FORMAT, JURISDICTION, *request_filters],
                        "responses": {"200": _answer("Publicerade anmälningar, nyast först",
                                                     {"type": "array", "items": _ref("ServiceRequest")}),
                                      **_errors(400, 404)}},
                "post": {"operationId": "postRequest", "parameters": [FORMAT],
                         "requestBody": {"required": True, "content": {
                             "application/x-www-form-urlencoded": {"schema": post_fields}}},
                         "responses": {"200": _answer("Mottagen; väntar på granskning", _ref("Created")),
                                       **_errors(400, 403, 404, 429)}},
            },
            "/requests/{service_request_id}.{format}": {"get": {
                "operationId": "getRequest",
                "parameters": [_param("service_request_id", "Anmälans id", True, "path"), FORMAT, JURISDICTION,
                               request_filters[-1]],
                "responses": {"200": _answer("En anmälan", {"type": "array", "maxItems": 1,
                                                            "items": _ref("ServiceRequest")}), **_errors(404)}}},
            "/tokens/{token}.{format}": {"get": {
                "operationId": "getToken", "parameters": [_param("token", "Token från POST", True, "path"),
                                                          FORMAT, JURISDICTION],
                "responses": {"200": _answer("service_request_id är null tills anmälan är publicerad", _ref("Token")),
                              **_errors(404)}}},
            "/servicerequestupdates.{format}": {
                "get": {"operationId": "getUpdates", "parameters": [
                    FORMAT, JURISDICTION, request_filters[0], request_filters[3], request_filters[4]],
                    "responses": {"200": _answer("Offentliga uppdateringar, nyast först",
                                                 {"type": "array", "items": _ref("ServiceRequestUpdate")}),
                                  **_errors(400)}},
                "post": {"operationId": "postUpdate", "parameters": [FORMAT],
                         "requestBody": {"required": True, "content": {
                             "application/x-www-form-urlencoded": {"schema": update_fields}}},
                         "responses": {"200": _answer("Uppdateringen är sparad", _ref("UpdateCreated")),
                                       **_errors(400, 403, 404, 429)}},
            },
        },
        "components": {"schemas": {
            "Errors": ERRORS, "Service": SERVICE, "ServiceDefinition": SERVICE_DEFINITION,
            "ServiceRequest": SERVICE_REQUEST, "ServiceRequestUpdate": NOTE, "Created": CREATED,
            "Token": TOKEN, "Discovery": DISCOVERY, "UpdateCreated": UPDATE_CREATED,
        }},
    }
