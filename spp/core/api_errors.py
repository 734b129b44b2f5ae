"""Errors of the API as problem+json (RFC 9457): a title, a status, and, for bad input, the
fields at fault, so a client can show each message beside its field."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM = "application/problem+json"


def problem(api, request, status: int, title: str, **extra):
    response = api.create_response(
        request, {"type": "about:blank", "title": title, "status": status, **extra}, status=status
    )
    response["Content-Type"] = PROBLEM
    return response


def django_errors_by_field(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def install_problem_handlers(api) -> None:
    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            location = [
                str(part)
                for part in item.get("loc", [])
                if part not in ("body", "query", "payload", "form")
            ]
            errors.setdefault(".".join(location) or "__all__", []).append(item.get("msg", ""))
        return problem(api, request, 422, "Données invalides", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def on_domain_error(request, exc):
        errors = django_errors_by_field(exc)
        detail = " ".join(message for messages in errors.values() for message in messages)
        return problem(api, request, 422, "Données invalides", detail=detail, errors=errors)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return problem(api, request, 403, "Action non autorisée")

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return problem(api, request, 404, "Introuvable")

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return problem(api, request, 401, "Authentification requise")

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return problem(api, request, exc.status_code, str(exc))
