"""What every page needs: the brand of the authority it speaks for, the navigation, and the
charters the person must accept again (the last two from spp/core/chrome.py's cached copy).
All lazy, so pages that don't show them pay nothing."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from spp.core import selectors
from spp.core.chrome import chrome_for


def _navigation(request, chrome: dict | None) -> list[dict]:
    items = [{"label": _("Services"), "url": reverse("core:home")}]
    if chrome is not None:
        items.append({"label": _("Mon engagement"), "url": reverse("core:my_engagement")})
        items.append(
            {
                "label": _("Notifications"),
                "url": reverse("core:notifications"),
                "count": chrome["unread_count"],
            }
        )
        items.append({"label": _("Mon profil"), "url": reverse("core:profile")})
        if chrome["is_staff"]:
            items.append({"label": _("Gestion"), "url": reverse("core:back_office")})
    for item in items:
        item["current"] = request.path == item["url"]
    return items


def platform(request):
    @functools.cache
    def chrome() -> dict | None:
        """The signed-in person's chrome (spp/core/chrome.py), read once per request."""
        user = getattr(request, "user", None)
        return chrome_for(user) if user is not None and user.is_authenticated else None

    return {
        "publisher_name": settings.SPP_PUBLISHER_NAME,
        "publisher_address": settings.SPP_PUBLISHER_ADDRESS,
        "publisher_email": settings.SPP_PUBLISHER_EMAIL,
        "hosting_provider": settings.SPP_HOSTING_PROVIDER,
        "brand": SimpleLazyObject(selectors.brand_for_request),
        "navigation": SimpleLazyObject(lambda: _navigation(request, chrome())),
        "charters_to_reaccept": SimpleLazyObject(
            lambda: chrome()["charters_to_reaccept"] if chrome() is not None else []
        ),
    }
