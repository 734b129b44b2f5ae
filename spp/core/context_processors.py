"""What every page needs: the brand of the authority it speaks for, the navigation, and the
charters the person must accept again (the last two from spp/core/chrome.py's cached copy).
All lazy, so pages that don't show them pay nothing."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from spp.core import selectors
from spp.core.chrome import chrome_for


@functools.lru_cache(maxsize=64)
def _menu(language: str, signed_in: bool, is_staff: bool) -> tuple[tuple[str, str, bool], ...]:
    """(label, url, shows the unread count) of each entry: the same for everyone alike, so
    translated and reversed once per process."""
    items = [(_("Services"), reverse("core:home"), False)]
    if signed_in:
        items += [
            (_("Mon engagement"), reverse("core:my_engagement"), False),
            (_("Notifications"), reverse("core:notifications"), True),
            (_("Mon profil"), reverse("core:profile"), False),
        ]
        if is_staff:
            items.append((_("Gestion"), reverse("core:back_office"), False))
    return tuple(items)


def _navigation(request, chrome: dict | None) -> list[dict]:
    menu = _menu(get_language(), chrome is not None, bool(chrome and chrome["is_staff"]))
    return [
        {"label": label, "url": url, "current": request.path == url,
         "count": chrome["unread_count"] if counted else 0}
        for label, url, counted in menu
    ]


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
