"""The report form's rate limit (SPP_RATE_LIMITS["reports"], spp/core/ratelimits.py): one
report too many in the window is refused with 429 and Retry-After, files nothing and keeps
what was typed; another address is not affected."""

import uuid

import pytest
from django.urls import reverse

from spp.core.testing.ratelimits import counting_cache
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = pytest.mark.django_db


def _post(client, category, address, description="Grosse fissure sur le trottoir", *, n=0):
    # Each report a kilometre apart: a near one would be offered to support instead.
    return client.post(reverse("reports:report_new", args=[category.service.slug]), {
        "category": category.pk, "latitude": VOIRON[0] + n / 100, "longitude": VOIRON[1],
        "description": description, "email": "passant@exemple.fr",
        "form_token": str(uuid.uuid4())}, REMOTE_ADDR=address)


def test_one_report_too_many_is_refused_keeps_what_was_typed_and_spares_others(
        client, settings):
    counting_cache(settings, reports="2/h")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    category = CategoryFactory()
    for n in range(2):
        assert _post(client, category, "203.0.113.5", f"Fissure n° {n}", n=n).status_code == 302
    refused = _post(client, category, "203.0.113.5", "Un troisième trou, à garder", n=2)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "réessayez dans" in refused.text and "Un troisième trou, à garder" in refused.text
    assert Report.objects.count() == 2
    assert _post(client, category, "198.51.100.7", n=3).status_code == 302
    assert Report.objects.count() == 3
