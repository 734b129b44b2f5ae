"""URL wiring only: each app's urls.py, the API, Open311, accounts and the health check."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config.api import api
from spp.catalog import urls as catalog_urls
from spp.core import urls as core_urls
from spp.core.views.health import favicon, healthz
from spp.core.views.media import public_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Report photos and logos, in every profile; nothing else under /media/ (its docstring).
    path("media/<path:name>", public_media, name="public_media"),
    path("favicon.ico", favicon),
    # Choosing the display language only sets a cookie: no CSRF token, so that public pages
    # (whose header holds the language switch) can be shared from the cache (page_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/", include("spp.open311.urls")),
    path("", include("spp.open311.urls_clients")),
    path("gardes/", include("spp.rosters.urls")),
    path("signalements/", include("spp.reports.urls")),
    path("consultations/", include("spp.consultations.urls")),
    path("frais/", include("spp.expenses.urls")),
    path("covoiturage/", include("spp.carpool.urls")),
    # Left out of a production host not certified for health data (config/settings.py).
    *([path("pairs/", include("spp.peers.urls"))] if "spp.peers" in settings.INSTALLED_APPS
      else []),
    path("impact/", include("spp.impact.urls")),
    path("transparence/", include("spp.impact.public_urls")),
    path("", include("spp.catalog.urls")),
    # The "core" namespace: core's pages, and the site's pages that show the catalog (the front
    # page, "Mon engagement", the back office's home), which the catalog serves since core may
    # not import it (spp/catalog/urls.py, site_urlpatterns).
    path("", include((core_urls.urlpatterns + catalog_urls.site_urlpatterns, "core"))),
]

if settings.SPP_BENCH:  # the benchmark's floor (spp.ops), never in production
    urlpatterns.insert(0, path("bench/", include("spp.ops.urls")))

# A database that is away answers 503 quickly rather than a generic 500 (spp.ops.views).
handler500 = "spp.ops.views.server_error"
# django-allauth's rate limits (sign-up, password reset…) answer this page: French, with
# Retry-After (spp.core.views.errors).
handler429 = "spp.core.views.errors.too_many_requests"
