"""The second factor staff must use on back-office pages (django-allauth's MFA: an authenticator
app, TOTP, with recovery codes).

Who must: ``permissions.must_use_second_factor`` (anyone with a role in an organisation, and
Django's staff and superusers). Where: every page whose path has a ``gestion`` segment, Django's
admin, and the back-office pages of ``settings.SPP_BACK_OFFICE_PATHS``. When:
``settings.SPP_STAFF_MFA_REQUIRED`` is on (docs/configuration.md).

It is not enough to *have* an authenticator: the session itself must have passed it. allauth
records, in the session, each way the person proved who they are (password, code, second
factor); a session opened some other way (before the second factor was set up, or by a path
that skipped it) is asked for a code again before it reaches the back office."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from spp.core.permissions import must_use_second_factor

# Where the person was going when they were sent to set up their second factor: the page of
# spp/core/views/second_factor.py sends them on once it is done.
NEXT_SESSION_KEY = "spp_second_factor_next"


def is_back_office_path(path: str) -> bool:
    """A back-office page: a ``gestion`` segment, Django's admin, or one of the settings'."""
    if "gestion" in path.split("/") or path.startswith("/admin/"):
        return True
    return any(re.match(pattern, path) for pattern in settings.SPP_BACK_OFFICE_PATHS)


def has_second_factor(user) -> bool:
    """The person has set up an authenticator app (recovery codes alone are not one)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def session_passed_second_factor(request) -> bool:
    """This session was opened, or confirmed since, with a second factor (a code from the app
    or a recovery code), as allauth's authentication records say."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_second_factor_activated(sender, request, user, authenticator, **kwargs) -> None:
    """allauth's ``authenticator_added``: setting up the app took a valid code from it, so this
    session has just passed the second factor; it is recorded as allauth records a sign-in's,
    and the person is not asked for another code on their way back. allauth sends the signal
    when the activation's own transaction commits, inside the request (ATOMIC_REQUESTS is
    off); were it later, the person would only be asked for one more code."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type,
                          activated=True)


def forget_second_factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    """allauth's ``authenticator_removed``: the session that removed the app no longer counts
    as having passed a second factor with it, so that the back office asks to set one up again
    rather than trusting a pass given by an authenticator that is gone. Recovery codes alone
    never were a pass of their own."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    if request is None or not hasattr(request, "session"):
        return
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    kept = [record for record in records if record.get("method") != "mfa"]
    if len(kept) != len(records):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = kept


def second_factor_redirect(request):
    """Where to send a request that may not go on, or None when it may."""
    if not settings.SPP_STAFF_MFA_REQUIRED or not is_back_office_path(request.path_info):
        return None
    if not must_use_second_factor(request.user):
        return None
    if session_passed_second_factor(request):
        # Read from the session: no query. A session that passed it had an authenticator then;
        # removing it from this session forgets the pass (``forget_second_factor_removed``).
        return None
    configured = has_second_factor(request.user)
    wanted = request.get_full_path() if request.method in ("GET", "HEAD") else None
    if not configured:
        if wanted:
            request.session[NEXT_SESSION_KEY] = wanted
        return redirect("core:second_factor")
    # Set up, but not passed in this session: allauth's page asks for a code, then goes on.
    query = f"?{urlencode({'next': wanted})}" if wanted else ""
    return redirect(reverse("mfa_reauthenticate") + query)


class StaffSecondFactorMiddleware:
    """Sends staff who have not passed a second factor in this session away from the back
    office: to set one up, or to give a code. Runs after authentication and allauth's own
    middleware; costs nothing for visitors, for citizens, and outside the back office."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return second_factor_redirect(request) or self.get_response(request)
