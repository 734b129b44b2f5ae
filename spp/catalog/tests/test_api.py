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
    assert "Documentation de l’API" in page  # our own page (spp/core/api_docs.py)
    assert not re.findall(r'(?:src|href)="https?://', page)


def _as_ninja_rendered(schema, row):
    """``row`` validated by its schema and rendered as django-ninja rendered answers before the
    lists returned plain rows: the answers must not change."""
    import json

    from ninja.responses import NinjaJSONEncoder

    return json.loads(json.dumps(schema.model_validate(row).model_dump(), cls=NinjaJSONEncoder))


def test_the_services_list_shows_a_service_created_through_the_services_at_once(client):
    from spp.catalog import services

    first = service_with_charter(slug="voirie")
    assert [s["slug"] for s in client.get("/api/v1/catalog/services").json()] == ["voirie"]
    services.service_create(
        actor=None, authority=first.authority, name="Crèche", slug="creche",
        summary="Une crèche.", patterns=["roster"], territory_label="Voiron")
    slugs = {s["slug"] for s in client.get("/api/v1/catalog/services").json()}
    assert slugs == {"voirie", "creche"}


def test_the_services_list_shows_a_new_charter_version_at_once(client):
    from spp.catalog import services

    service = service_with_charter(slug="voirie")
    assert client.get("/api/v1/catalog/services").json()[0]["charter_version"] == 1
    services.charter_publish(actor=None, service=service, title="Charte", body="Nouveau texte.")
    assert client.get("/api/v1/catalog/services").json()[0]["charter_version"] == 2


def test_the_services_list_matches_its_schema(client):
    from spp.catalog.schemas import ServiceOut

    service_with_charter(slug="creche", operator=OperatorFactory())
    for row in client.get("/api/v1/catalog/services").json():
        assert _as_ninja_rendered(ServiceOut, row) == row


def test_my_enrolments_lists_only_mine_in_the_schema_shape(client):
    from spp.catalog.schemas import EnrolmentOut
    from spp.catalog.tests.factories import EnrolmentFactory

    me = UserFactory()
    mine = EnrolmentFactory(user=me, service=service_with_charter(slug="voirie"))
    EnrolmentFactory(service=mine.service)  # someone else's
    client.force_login(me)
    body = client.get("/api/v1/catalog/me/enrolments").json()
    assert [row["id"] for row in body] == [mine.pk]
    assert body[0]["service"] == "voirie" and body[0]["charter_version"] == 1
    EnrolmentOut.model_validate(body[0])
    assert set(body[0]) == set(EnrolmentOut.model_fields)
    # The times as django-ninja renders the stored values (to the millisecond). Not a round trip
    # of the answer: a time read back from "…35.000Z" has lost the microseconds below one
    # millisecond, and ninja renders it "…35Z", which failed about one run in five hundred.
    mine.refresh_from_db()
    assert body[0]["charter_accepted_at"] == _rendered_by_ninja(mine.charter_accepted_at)
    assert body[0]["approved_at"] == _rendered_by_ninja(mine.approved_at)


def _rendered_by_ninja(value):
    import json

    from ninja.responses import NinjaJSONEncoder

    return json.loads(json.dumps(value, cls=NinjaJSONEncoder))


def test_my_participations_are_mine_newest_first_and_paginated(client):
    from datetime import timedelta

    from django.utils import timezone

    from spp.catalog.schemas import ParticipationOut
    from spp.catalog.services import participation_record

    me, other = UserFactory(), UserFactory()
    service = service_with_charter(slug="voirie")
    now = timezone.now()
    for days in range(5):
        participation_record(user=me, service=service, kind="report", quantity=days + 0.5,
                             unit="count", occurred_at=now - timedelta(days=days))
    participation_record(user=other, service=service, kind="report", quantity=9, unit="count")
    client.force_login(me)
    body = client.get("/api/v1/catalog/me/participations?limit=2&offset=1").json()
    assert [row["quantity"] for row in body] == [1.5, 2.5]
    assert _as_ninja_rendered(ParticipationOut, body[0]) == body[0]
    assert body[0]["service"] == "voirie" and body[0]["kind"] == "report"
    assert len(client.get("/api/v1/catalog/me/participations").json()) == 5
