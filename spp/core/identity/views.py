"""The federations' sign-in and sign-out returns. Thin: allauth's OAuth2 views with our
adapter (oauth.py); the checks live there and in tokens.py."""

import hmac

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from spp.core.identity.logout import LOGOUT_STATE_KEY
from spp.core.identity.oauth import PublicOIDCAdapter


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        """allauth checks the ``state`` parameter here; its state of the sign-in (the nonce
        sent) is handed to the adapter, whose checks need it."""
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(PublicOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def callback(request, provider_id):
    try:
        return CallbackView.adapter_view(PublicOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
def logout_callback(request, provider_id):
    """Where the provider sends the browser back after ending its session: says so when the
    ``state`` is the one we sent, and goes on to the front page either way (the person is
    already signed out of SPP)."""
    pending = request.session.pop(LOGOUT_STATE_KEY, None) or {}
    sent_back = request.GET.get("state", "")
    if pending.get("provider_id") == provider_id and hmac.compare_digest(
        pending.get("state", ""), sent_back
    ):
        try:
            name = get_adapter(request).get_provider(request, provider_id).name
        except SocialApp.DoesNotExist:
            name = provider_id
        messages.info(request, _("Votre session %(provider)s est aussi fermée.") % {
            "provider": name})
    return HttpResponseRedirect(resolve_url(settings.LOGOUT_REDIRECT_URL))
