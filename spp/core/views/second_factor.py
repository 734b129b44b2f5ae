"""The page that says why staff need a second factor and how to set it up (django-allauth's
pages do the setting up), then sends them on to the back-office page they were going to."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from spp.core.permissions import must_use_second_factor
from spp.core.second_factor import (
    NEXT_SESSION_KEY,
    has_second_factor,
    session_passed_second_factor,
)


@require_GET
def second_factor(request):
    """Set up (or confirm in this session) the second factor; once done, go on to the page
    spp/core/second_factor.py stopped the person at, if any."""
    configured = has_second_factor(request.user)
    passed = configured and session_passed_second_factor(request)
    next_url = request.session.get(NEXT_SESSION_KEY) or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if passed and next_url:
        del request.session[NEXT_SESSION_KEY]
        return redirect(next_url)
    return render(request, "core/second_factor.html", {
        "required": settings.SPP_STAFF_MFA_REQUIRED and must_use_second_factor(request.user),
        "configured": configured,
        "passed": passed,
        "next_url": next_url,
    })
