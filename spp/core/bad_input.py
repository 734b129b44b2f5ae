"""Refuse, with a clear 400, the input no page or API can store: a NUL byte.

PostgreSQL refuses NUL characters in text ("A string literal cannot contain NUL"), SQLite cuts
strings at them, and no person types one: a query parameter, a form field or a JSON string
holding one is an attack or a broken client. Checking once here, before any view, answers it
the same way everywhere instead of a 500 from whichever query met it first.

The answer speaks each interface's language: problem+json under ``/api/``, the Open311 error
list under ``/open311/`` (``SPP_BAD_INPUT_RESPONDERS`` names the function for a prefix, so this
module imports no app above core), an HTML page elsewhere."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(request) -> bool:
    if NUL in request.path or any(NUL in key or NUL in value
                                  for key, values in request.GET.lists() for value in values):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    try:
        # Read whole first, so that both ``request.POST`` and ``request.body`` stay readable
        # after this check (an API endpoint sent a form reads the body and answers 400).
        body = request.body
    except RequestDataTooBig:
        body = None  # a large upload: its form fields are still checked below
    if request.content_type == "application/json":
        return body is not None and (b"\x00" in body or b"\\u0000" in body)
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any(NUL in key or NUL in value
                   for key, values in request.POST.lists() for value in values)
    return False


def bad_input_page(request, message: str):
    """The HTML answer: the site's 400 page with the message."""
    return render(request, "400.html", {"message": message}, status=400)


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            message = _("La requête contient un caractère nul (U+0000), qui n’est accepté "
                        "dans aucun champ. Retirez-le et réessayez.")
            for prefix, responder in settings.SPP_BAD_INPUT_RESPONDERS.items():
                if request.path.startswith(prefix):
                    return import_string(responder)(request, message)
            return bad_input_page(request, message)
        return self.get_response(request)
