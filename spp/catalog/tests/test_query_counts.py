"""Query-count guards of the catalog's lists and API lists: as many SQL queries with 1,000
rows as with 10."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.catalog.models import Incident, Qualification
from spp.catalog.tests.factories import QualificationTypeFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spp.ops.testing import assert_queries_do_not_grow as guard
from spp.ops.testing import enrol, services, users

pytestmark = pytest.mark.django_db


@pytest.fixture
def managed():
    """A service and an agent of its authority, signed in by the tests."""
    service = service_with_charter()
    agent = MembershipFactory(organisation=service.authority, role="admin").user
    return service, agent


def test_manage_enrolments_queries_do_not_grow_with_the_enrolments(client, managed):
    service, agent = managed
    client.force_login(agent)
    guard(client, f"/gestion/services/{service.slug}/inscriptions/",
          lambda n: enrol(users(n), [service], status="pending"))


def test_contributors_queries_do_not_grow_with_contributors_and_qualifications(client, managed):
    service, agent = managed
    client.force_login(agent)
    kinds = [QualificationTypeFactory(code=f"guard-{i}") for i in range(3)]

    def add(n):
        people = users(n)
        enrol(people, [service])
        today = timezone.localdate()
        Qualification.objects.bulk_create([
            Qualification(user=p, qualification_type=kinds[i % 3], obtained_on=today,
                          verified_at=timezone.now(), verified_by=agent)
            for i, p in enumerate(people)])
    guard(client, f"/gestion/services/{service.slug}/contributeurs/", add)


def test_incident_list_queries_do_not_grow_with_the_incidents(client, managed):
    service, agent = managed
    client.force_login(agent)

    def add(n):
        people = users(n)
        Incident.objects.bulk_create([
            Incident(service=service, declared_by=p, kind="damage", place="Voiron",
                     occurred_at=timezone.now() - timedelta(days=1), description="Un dommage.")
            for p in people])
    guard(client, "/gestion/incidents/", add)


def test_api_services_list_queries_do_not_grow_with_the_services(client, monkeypatch):
    """Counted without its shared cached copy (kept 0 seconds): the read itself."""
    from spp.catalog import selectors

    monkeypatch.setattr(selectors, "PUBLIC_LIST_CACHE_SECONDS", 0)
    authority = OrganisationFactory()
    guard(client, "/api/v1/catalog/services", lambda n: services(n, authority))


def test_api_my_enrolments_queries_do_not_grow_with_the_enrolments(client):
    user = UserFactory()
    client.force_login(user)
    authority = OrganisationFactory()
    guard(client, "/api/v1/catalog/me/enrolments",
          lambda n: enrol([user], services(n, authority, prefix="api")))
