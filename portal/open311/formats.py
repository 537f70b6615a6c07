"""GeoReport v2's two formats: bare JSON arrays and XML documents with a root element
per method, and errors as [{"code", "description"}] or <errors>."""
import json
import xml.etree.ElementTree as ET

from flask import Response

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")


def _xml_value(parent, tag, value, item_tags):
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner, item_tags)
    elif isinstance(value, list):
        inner_tag = item_tags.get(tag, "item")
        for inner in value:
            _xml_value(element, inner_tag, inner, item_tags)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def xml_document(root, item, rows, item_tags=None):
    """<root><item>…</item>…</root>; lists inside an item hold one element per entry,
    named by `item_tags` (list tag → entry tag)."""
    item_tags = item_tags or {}
    top = ET.Element(root)
    for row in rows:
        if item is None:
            for key, value in row.items():
                _xml_value(top, key, value, item_tags)
        else:
            _xml_value(top, item, row, item_tags)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def respond(fmt, data, root, item, status=200, item_tags=None):
    """The same data in the format asked for. `data` is a list (the JSON array), or a dict
    for the two methods that answer with one object (discovery, a service definition)."""
    if fmt == "xml":
        rows = data if isinstance(data, list) else [data]
        body = xml_document(root, item if isinstance(data, list) else None, rows, item_tags)
        return Response(body, status=status, content_type=XML_TYPE)
    return Response(json.dumps(data, ensure_ascii=False), status=status, content_type=JSON_TYPE)


def error(fmt, status, description):
    """An error as the spec shows it: the HTTP status as the code, and what went wrong."""
    return respond(fmt if fmt in FORMATS else "json", [{"code": status, "description": description}],
                   "errors", "error", status=status)
