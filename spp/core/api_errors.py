"""Errors of the API as problem+json (RFC 9457): a title, a status, and, for bad input, the
fields at fault, so a client can show each message beside its field."""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM = "application/problem+json"


def problem_body(status: int, title: str, **extra) -> dict:
    return {"type": "about:blank", "title": title, "status": status, **extra}


def _respond(api, request, body: dict):
    response = api.create_response(request, body, status=body["status"])
    response["Content-Type"] = PROBLEM
    return response


def problem(api, request, status: int, title: str, **extra):
    return _respond(api, request, problem_body(status, title, **extra))


def problem_response(body: dict) -> JsonResponse:
    """A problem+json answer from a body built by ``problem_body`` (for handlers that answer
    an error themselves, e.g. one stored and replayed by ``spp.core.idempotency``)."""
    return JsonResponse(body, status=body["status"], content_type=PROBLEM)


def django_errors_by_field(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def validation_problem(error: DjangoValidationError) -> dict:
    """The problem body of a service's ValidationError: 422, the messages by field."""
    errors = django_errors_by_field(error)
    detail = " ".join(message for messages in errors.values() for message in messages)
    return problem_body(422, "Données invalides", detail=detail, errors=errors)


def _schema_message(item: dict) -> str:
    """The French message of one of pydantic's errors (its English one when not listed)."""
    ctx = item.get("ctx") or {}
    messages = {
        "missing": _("Ce champ est obligatoire."),
        "string_type": _("Un texte est attendu."),
        "string_too_long": _("Au plus %(n)s caractères.") % {"n": ctx.get("max_length")},
        "int_type": _("Un nombre entier est attendu."),
        "int_parsing": _("Un nombre entier est attendu."),
        "bool_type": _("Vrai ou faux (true ou false) est attendu."),
        "bool_parsing": _("Vrai ou faux (true ou false) est attendu."),
        "list_type": _("Une liste est attendue."),
        "dict_type": _("Un objet JSON est attendu."),
        "model_attributes_type": _("Un objet JSON est attendu."),
        "literal_error": _("Valeurs possibles : %(values)s.")
        % {"values": str(ctx.get("expected", "")).replace(" or ", " ou ")},
    }
    return messages.get(item.get("type"), item.get("msg", ""))


def install_problem_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            location = [str(part) for part in item.get("loc", [])]
            # ("body", "payload", "title") names the field "title"; a field may be named "body".
            if location and location[0] in ("body", "query", "path", "header", "form"):
                location.pop(0)
            if location and location[0] == "payload":
                location.pop(0)
            errors.setdefault(".".join(location) or "__all__", []).append(_schema_message(item))
        return problem(api, request, 422, "Données invalides", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def on_domain_error(request, exc):
        return _respond(api, request, validation_problem(exc))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return problem(api, request, 403, "Action non autorisée")

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        # django-ninja adds Retry-After to this answer (spp/core/api_throttle.py).
        wait = max(1, math.ceil(exc.wait or 1))
        return problem(api, request, 429, _("Trop de requêtes"),
                       detail=_("Trop de requêtes en peu de temps : réessayez dans %(n)s "
                                "secondes.") % {"n": wait}, retry_after=wait)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem(api, request, 404, "Introuvable")

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        # django-ninja's own "Unauthorized" says nothing more than the title; ours (an API
        # token refused, spp/core/api_auth.py) say why.
        extra = {} if exc.message == "Unauthorized" else {"detail": str(exc.message)}
        return problem(api, request, 401, "Authentification requise", **extra)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if str(exc).startswith("Cannot parse request body"):  # django-ninja's own words
            return problem(api, request, 400, _("Corps de requête illisible"),
                           detail=_("Envoyez un objet JSON avec l’en-tête "
                                    "Content-Type: application/json."))
        if str(exc) == "CSRF check Failed":  # django-ninja's session auth, on a write
            return problem(api, request, 403, _("Vérification CSRF échouée"),
                           detail=_("Une écriture faite avec la session envoie le jeton CSRF "
                                    "dans l’en-tête X-CSRFToken ; une intégration utilise "
                                    "plutôt un jeton d’API (Authorization: Bearer)."))
        return problem(api, request, exc.status_code, str(exc))


def bad_input_response(request, message: str) -> JsonResponse:
    """A 400 problem+json for input refused before any endpoint ran (spp/core/bad_input.py)."""
    return problem_response(problem_body(400, "Requête invalide", detail=message))


# What every error answer holds (RFC 9457), as the OpenAPI document describes it.
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "string"}}},
    },
}


def document_problems(openapi: dict) -> dict:
    """Say in the OpenAPI document what the handlers above send: every error as
    ``application/problem+json``. django-ninja writes each declared error response as
    ``application/json``; those are renamed, and each operation gains a ``default`` response
    for the errors no operation declares (400, 405, 429, 503…), so a client generated from the
    document, or the fuzzing of ``make test``, expects the content type it will receive."""
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                content = response.get("content") or {}
                if str(status)[0] in "45" and "application/json" in content:
                    content[PROBLEM] = content.pop("application/json")
            responses.setdefault("default", {
                "description": "Erreur, au format application/problem+json (RFC 9457)",
                "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}},
            })
    return openapi
