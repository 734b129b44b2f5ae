"""The catalog's API: public services, enrolment with problem+json errors and idempotency."""

import pytest

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import service_with_charter
from spp.core.tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_services_list_is_public_and_says_regie_or_delegation(client):
    service_with_charter(slug="voirie")
    service_with_charter(slug="creche", operator=OperatorFactory())
    body = {s["slug"]: s for s in client.get("/api/v1/catalog/services").json()}
    assert body["voirie"]["management"] == "regie" and body["voirie"]["charter_version"] == 1
    assert body["creche"]["management"] == "delegation"


def test_enrolling_needs_an_authenticated_person(client):
    service = service_with_charter()
    response = client.post(
        f"/api/v1/catalog/services/{service.slug}/enrolments",
        {"charter_version": 1, "accept_charter": True},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_enrolling_without_accepting_answers_422_naming_the_field(client):
    service = service_with_charter()
    client.force_login(UserFactory())
    response = client.post(
        f"/api/v1/catalog/services/{service.slug}/enrolments",
        {"charter_version": 1, "accept_charter": False},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "accept_charter" in response.json()["errors"]
    assert not Enrolment.objects.exists()


def test_a_malformed_body_answers_422_naming_the_field(client):
    service = service_with_charter()
    client.force_login(UserFactory())
    response = client.post(
        f"/api/v1/catalog/services/{service.slug}/enrolments",
        {"charter_version": "un", "accept_charter": True},
        content_type="application/json",
    )
    assert response.status_code == 422 and "charter_version" in response.json()["errors"]


def test_a_retry_with_the_same_idempotency_key_answers_the_same_and_creates_nothing(client):
    service = service_with_charter()
    client.force_login(UserFactory())
    call = lambda: client.post(  # noqa: E731
        f"/api/v1/catalog/services/{service.slug}/enrolments",
        {"charter_version": 1, "accept_charter": True},
        content_type="application/json",
        headers={"Idempotency-Key": "0b7e-enrol-1"},
    )
    first, second = call(), call()
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Enrolment.objects.count() == 1


def test_the_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/catalog/services" in schema["paths"]


def test_the_api_docs_load_nothing_from_a_third_party(client):
    import re

    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.findall(r'(?:src|href)="https?://', page)
