"""What every page shows around its content: the brand of the authority the platform speaks
for and the main navigation (with the person's unread notifications). Lazy, so a page that
shows neither (an API answer, a redirect) pays nothing. A citizen's page asks no query of its
own: the brand comes from the shared cache, the unread count and "member anywhere?" are
columns of the person's row (``spp/core/authentication.py``); a member's roles are read once
per request (``permissions.roles_by_organisation``)."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from spp.core import permissions, selectors


def navigation_for(request) -> list[dict]:
    """The main menu's entries: label, url, whether it is the current page, and the count
    shown beside it (the unread notifications: "99+" beyond 99)."""
    user = request.user
    items = [(_("Services"), reverse("core:home"), "")]
    if user.is_authenticated:
        items += [
            (_("Mon engagement"), reverse("core:my_engagement"), ""),
            (_("Notifications"), reverse("core:notifications"),
             selectors.notification_unread_label(user)),
            (_("Mon profil"), reverse("core:profile"), ""),
        ]
        if permissions.is_staff_anywhere(user):
            items.append((_("Gestion"), reverse("core:back_office"), ""))
    return [{"label": label, "url": url, "current": request.path == url, "count": count}
            for label, url, count in items]


def platform(request):
    return {
        "publisher_name": settings.SPP_PUBLISHER_NAME,
        "publisher_address": settings.SPP_PUBLISHER_ADDRESS,
        "publisher_email": settings.SPP_PUBLISHER_EMAIL,
        "hosting_provider": settings.SPP_HOSTING_PROVIDER,
        "brand": SimpleLazyObject(selectors.brand_for_request),
        "navigation": SimpleLazyObject(lambda: navigation_for(request)),
    }
