"""Open311 GeoReport v2 output: the same data as JSON or as XML (UTF-8, with the XML
declaration), and the specification's error list in either format."""

import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element name of one item in each XML list (the spec's singular of the container).
ITEM_TAGS = {"services": "service", "attributes": "attribute", "values": "value",
             "endpoints": "endpoint", "formats": "format", "service_requests": "request",
             "errors": "error"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent, tag: str, value) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list):
        item_tag = ITEM_TAGS.get(tag, "item")
        for child in value:
            _append(element, item_tag, child)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    """``data`` is a list (items of the root's singular tag) or a dict (children of root)."""
    element = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _append(element, ITEM_TAGS.get(root, "item"), item)
    else:
        for key, value in data.items():
            _append(element, key, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error body: a list of {code, description}; code is the HTTP status."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status)


def bad_input_response(request, message: str) -> HttpResponse:
    """A 400 in the spec's error list for input refused before any view ran
    (spp/core/bad_input.py), in the format the path asks for."""
    return error("xml" if request.path.endswith(".xml") else "json", 400, message)
