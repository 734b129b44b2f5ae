"""What every page needs: the brand of the authority it speaks for, the navigation, and the
charters the person must accept again. All lazy, so pages that don't show them pay nothing."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from spp.core import permissions, selectors


def _navigation(request) -> list[dict]:
    user = request.user
    items = [{"label": _("Services"), "url": reverse("core:home")}]
    if user.is_authenticated:
        items.append({"label": _("Mon engagement"), "url": reverse("core:my_engagement")})
        items.append(
            {
                "label": _("Notifications"),
                "url": reverse("core:notifications"),
                "count": selectors.notification_unread_count(user),
            }
        )
        items.append({"label": _("Mon profil"), "url": reverse("core:profile")})
        if permissions.is_staff_anywhere(user):
            items.append({"label": _("Gestion"), "url": reverse("core:back_office")})
    for item in items:
        item["current"] = request.path == item["url"]
    return items


def platform(request):
    from spp.catalog.selectors import enrolments_needing_reacceptance

    return {
        "publisher_name": settings.SPP_PUBLISHER_NAME,
        "publisher_address": settings.SPP_PUBLISHER_ADDRESS,
        "publisher_email": settings.SPP_PUBLISHER_EMAIL,
        "hosting_provider": settings.SPP_HOSTING_PROVIDER,
        "brand": SimpleLazyObject(selectors.brand_for_request),
        "navigation": SimpleLazyObject(lambda: _navigation(request)),
        "charters_to_reaccept": SimpleLazyObject(
            lambda: enrolments_needing_reacceptance(request.user)
        ),
    }
