"""The API's documentation page (``/api/v1/docs``), rendered on the server from the OpenAPI
schema in the platform's own layout: readable on a phone, accessible (axe-core finds nothing),
with no script and nothing loaded from elsewhere. The machine-readable schema stays at
``/api/v1/openapi.json`` for tools that generate clients or an interactive console."""

import re
from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")


def paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (its hard line breaks are not the reader's)."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe_type(schema: dict) -> dict:
    """A schema's type as a person reads it: ``{"text": ..., "ref": name or ""}``."""
    if not schema:
        return {"text": _("quelconque"), "ref": ""}
    if "$ref" in schema:
        return {"text": _ref_name(schema["$ref"]), "ref": _ref_name(schema["$ref"])}
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            parts = [describe_type(part) for part in schema[combiner]]
            kept = [part for part in parts if part["text"] != "null"]
            text = _(" ou ").join(part["text"] for part in kept)
            if len(kept) < len(parts):
                text = _("%(type)s (ou null)") % {"type": text}
            refs = [part["ref"] for part in kept if part["ref"]]
            return {"text": text, "ref": refs[0] if len(refs) == 1 else ""}
    if schema.get("type") == "array":
        item = describe_type(schema.get("items", {}))
        return {"text": _("liste de %(type)s") % {"type": item["text"]}, "ref": item["ref"]}
    text = schema.get("type", "")
    if schema.get("format"):
        text = f"{text} ({schema['format']})"
    if schema.get("enum"):
        text = f"{text} : " + ", ".join(str(value) for value in schema["enum"])
    return {"text": text or _("objet"), "ref": ""}


def _content_type(content: dict) -> dict | None:
    for media_type, body in content.items():
        return {"media_type": media_type, "type": describe_type(body.get("schema", {}))}
    return None


def _location(where: str) -> str:
    return {
        "path": _("chemin"),
        "query": _("paramètre de requête"),
        "header": _("en-tête"),
        "cookie": _("cookie"),
    }.get(where, where)


def _operation(path: str, method: str, operation: dict) -> dict:
    body = operation.get("requestBody")
    return {
        "id": operation.get("operationId", f"{method}-{path}"),
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": paragraphs(operation.get("description", "")),
        "parameters": [
            {
                "name": parameter["name"],
                "location": _location(parameter.get("in", "")),
                "required": parameter.get("required", False),
                "type": describe_type(parameter.get("schema", {})),
            }
            for parameter in operation.get("parameters", [])
        ],
        "body": _content_type(body.get("content", {})) if body else None,
        # An organisation's API token (spp/core/api_auth.py) is accepted here.
        "accepts_token": any("ApiTokenAuth" in requirement
                             for requirement in operation.get("security", [])),
        "responses": [
            {
                "status": status,
                "description": response.get("description", ""),
                "content": _content_type(response.get("content", {})),
            }
            for status, response in operation.get("responses", {}).items()
        ],
    }


def _schemas(components: dict) -> list[dict]:
    schemas = []
    for name, schema in sorted(components.get("schemas", {}).items()):
        required = set(schema.get("required", []))
        schemas.append(
            {
                "name": name,
                "description": paragraphs(schema.get("description", "")),
                "fields": [
                    {
                        "name": field,
                        "required": field in required,
                        "type": describe_type(definition),
                        "description": definition.get("description", ""),
                    }
                    for field, definition in schema.get("properties", {}).items()
                ],
            }
        )
    return schemas


def schema_digest(schema: dict) -> dict[str, Any]:
    """The OpenAPI schema arranged for the page: operations grouped by tag, in the schema's
    order, then the data schemas they name."""
    groups: dict[str, list] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or [_("autres")])[0]
                groups.setdefault(tag, []).append(_operation(path, method, item[method]))
    return {
        "info": schema.get("info", {}),
        "groups": [{"tag": tag, "operations": ops} for tag, ops in groups.items()],
        "schemas": _schemas(schema.get("components", {})),
    }


class PlatformDocs(DocsBase):
    """django-ninja's docs renderer, replaced by a page of the platform's own."""

    template = "core/api_docs.html"

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            self.template,
            {"api": schema_digest(schema), "openapi_url": self.get_openapi_url(api, kwargs)},
        )
