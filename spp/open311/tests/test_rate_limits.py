"""Open311 filing's rate limit (SPP_RATE_LIMITS["open311"], spp/core/ratelimits.py): one
request too many from an address gets 429, Retry-After and the spec's error list, and files
nothing; another address is not affected; a replayed Idempotency-Key is not counted."""

import pytest

from spp.core.testing.ratelimits import counting_cache
from spp.open311.services import api_client_create
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(code="lampadaire", name="Lampadaire éteint")


@pytest.fixture
def api_key():
    return api_client_create(actor=None, name="Appli de test")[1]


def _post(client, key, category, address, fmt="json", **headers):
    return client.post(f"/open311/v2/requests.{fmt}", {
        "api_key": key, "service_code": category.code, "lat": str(VOIRON[0]),
        "long": str(VOIRON[1]), "description": "Lampadaire éteint", "email": "appli@exemple.fr"},
        REMOTE_ADDR=address, headers=headers)


def test_one_request_too_many_gets_the_specs_error_with_retry_after(client, settings,
                                                                   category, api_key):
    counting_cache(settings, open311="2/h")
    assert [_post(client, api_key, category, "203.0.113.5").status_code
            for _ in range(2)] == [200, 200]
    refused = _post(client, api_key, category, "203.0.113.5")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 3600
    [error] = refused.json()
    assert error["code"] == 429 and "réessayez dans" in error["description"]
    xml = _post(client, api_key, category, "203.0.113.5", fmt="xml")
    assert xml.status_code == 429 and b"<code>429</code>" in xml.content
    assert Report.objects.count() == 2
    assert _post(client, api_key, category, "198.51.100.7").status_code == 200


def test_a_replayed_idempotency_key_is_answered_and_not_counted(client, settings, category,
                                                                api_key):
    counting_cache(settings, open311="1/h")
    first = _post(client, api_key, category, "203.0.113.5", **{"Idempotency-Key": "k1"})
    again = _post(client, api_key, category, "203.0.113.5", **{"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and Report.objects.count() == 1
