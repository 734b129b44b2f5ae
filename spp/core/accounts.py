"""django-allauth adapter: where people land after signing up, in or out, and how failed sign-ins
are counted (by account *and* client address, the address read through our proxies)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from spp.core.identity.logout import provider_logout_url, remember_logout_state

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        next_url = request.GET.get("next") or request.POST.get("next")
        if next_url and self.is_safe_url(next_url):
            return next_url
        return reverse("core:my_engagement")

    def get_logout_redirect_url(self, request):
        """After signing in through FranceConnect or ProConnect, signing out goes on to the
        provider's own sign-out, which sends the person back (spp/core/identity/logout.py)."""
        return provider_logout_url(request) or super().get_logout_redirect_url(request)

    def logout(self, request):
        super().logout(request)
        remember_logout_state(request)

    def get_client_ip(self, request) -> str:
        """The client's address as allauth reads it (settings: ALLAUTH_TRUSTED_PROXY_COUNT,
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER). A request with fewer X-Forwarded-For entries than
        proxies configured did not come through them all: allauth would answer a 500; it is
        counted under the address that connected instead, and logged for the administrator."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            logger.warning("X-Forwarded-For has fewer entries than TRUSTED_PROXY_COUNT: "
                           "counting the request under REMOTE_ADDR")
            return request.META.get("REMOTE_ADDR") or "unknown"

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The "key" of allauth's ``login_failed`` rate limit (ACCOUNT_RATE_LIMITS): the
        account *and* the client's address. allauth keys it by account alone, so anyone who
        knows an address could lock its owner out with five wrong passwords; keyed this way,
        guesses from one address lock that address out of that account only (and the
        per-address limit still bounds one address across accounts). allauth clears the same
        key after a password reset, from the address that resets it."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"
