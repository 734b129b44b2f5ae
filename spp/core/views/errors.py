"""``handler429`` (config/urls.py): the page django-allauth answers when one of its rate limits
(ACCOUNT_RATE_LIMITS: sign-up, password reset, sign-in…) refuses a request. allauth renders a
bare English page without ``Retry-After``; this one says in French what happened and when to
come back, and sends ``Retry-After``."""

from allauth.account import app_settings as account_settings
from django.shortcuts import render

from spp.core.ratelimits import parse_rate

# allauth's action behind each of its pages (its URL names); others fall back to a minute.
ACTIONS = {
    "account_signup": "signup",
    "account_login": "login",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_email": "manage_email",
    "account_reauthenticate": "reauthenticate",
    "account_request_login_code": "request_login_code",
    "account_confirm_email": "confirm_email",
}


def retry_after_for(request) -> int:
    """The longest period of the action's rates: by then every counter that refused the
    request has started again (allauth does not say which one refused)."""
    match = getattr(request, "resolver_match", None)
    action = ACTIONS.get(match.url_name if match else "")
    rates = (account_settings.RATE_LIMITS.get(action) or "") if action else ""
    periods = []
    for rate in filter(None, (part.strip() for part in rates.split(","))):
        try:
            periods.append(parse_rate(rate)[1])
        except ValueError:
            continue
    return max(periods, default=60)


def too_many_requests(request):
    retry_after = retry_after_for(request)
    response = render(request, "429.html", {"retry_minutes": max(1, -(-retry_after // 60))},
                      status=429)
    response["Retry-After"] = str(retry_after)
    return response
