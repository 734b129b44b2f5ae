"""The benchmark's floor: the cheapest page the stack can serve (no database, no template),
measured in the same run as the real endpoints so that they are quoted as ratios to it; and
the 500 handler that turns "the database is away" into a fast, clear 503."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


UNAVAILABLE_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Service momentanément indisponible</title></head><body><main>
<h1>Service momentanément indisponible</h1>
<p>La plateforme ne peut pas joindre sa base de données. Rien de ce que vous avez envoyé n’a été
enregistré à moitié : réessayez dans quelques instants.</p></main></body></html>"""


def _database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    """Django's ``handler500``, called while the exception is still being handled.

    When the database is away (connection refused, dropped, timed out), answer at once with a
    clear 503 and ``Retry-After``, rendered without touching the database (templates' context
    processors would query it again); the load balancer's /healthz says the same. Any other
    error is Django's ordinary 500 page."""
    error = sys.exc_info()[1]
    if not _database_unavailable(error):
        return defaults.server_error(request)
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse({"type": "about:blank", "status": 503,
                                 "title": "Service momentanément indisponible",
                                 "detail": "La base de données ne répond pas ; réessayez."},
                                status=503, content_type="application/problem+json")
    else:
        response = HttpResponse(UNAVAILABLE_HTML, status=503)
    response["Retry-After"] = "5"
    return response
