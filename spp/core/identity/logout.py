"""Ending the provider's session with ours, as both federations require: signing out of SPP
after signing in through one of them sends the browser to its ``end_session_endpoint`` with the
id_token it gave us (``id_token_hint``), a ``state`` and the address to come back to; the
person then lands on ``views.logout_callback``, which checks that state.

The id_token lives in the session only (never in the database): the session ends with the
sign-out, and so does our copy of it."""

import logging
import secrets
from urllib.parse import urlencode

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.utils import build_absolute_uri
from django.urls import reverse

from spp.core.identity.oauth import ID_TOKEN_STATE_KEY

logger = logging.getLogger(__name__)

SESSION_KEY = "spp_identity_session"  # {"provider_id", "id_token"} while signed in through one
LOGOUT_STATE_KEY = "spp_identity_logout"  # {"provider_id", "state"} until the provider sends back
PENDING_ATTRIBUTE = "spp_identity_logout"  # on the request, between the URL and the sign-out


def remember_provider_session(sender, request, user, sociallogin=None, **kwargs) -> None:
    """allauth's ``user_logged_in`` receiver: keep the id_token of a sign-in through a
    federation; forget any earlier one on another kind of sign-in."""
    raw_id_token = None
    if sociallogin is not None and sociallogin.provider.id == "public_oidc":
        raw_id_token = (sociallogin.state or {}).get(ID_TOKEN_STATE_KEY)
    if raw_id_token:
        request.session[SESSION_KEY] = {"provider_id": sociallogin.provider.app.provider_id,
                                        "id_token": raw_id_token}
    else:
        request.session.pop(SESSION_KEY, None)


def provider_logout_url(request) -> str | None:
    """The provider's end-of-session address for this session, or None when the person did not
    sign in through a federation (or it cannot be reached: our sign-out still happens, and the
    warning in the log says why the provider's did not). Must run before the session ends."""
    remembered = request.session.get(SESSION_KEY)
    if not remembered:
        return None
    provider_id = remembered["provider_id"]
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError) as error:
        logger.warning("No logout at %s: %s", provider_id, error)
        return None
    if not endpoint:
        logger.warning("No logout at %s: it publishes no end_session_endpoint", provider_id)
        return None
    state = secrets.token_urlsafe(32)
    setattr(request, PENDING_ATTRIBUTE, {"provider_id": provider_id, "state": state})
    come_back = build_absolute_uri(
        request, reverse("public_oidc_logout_callback", kwargs={"provider_id": provider_id})
    )
    query = urlencode({"id_token_hint": remembered["id_token"], "state": state,
                       "post_logout_redirect_uri": come_back})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def remember_logout_state(request) -> None:
    """After our sign-out (the session is new): keep the state the provider must send back."""
    pending = getattr(request, PENDING_ATTRIBUTE, None)
    if pending:
        request.session[LOGOUT_STATE_KEY] = pending
