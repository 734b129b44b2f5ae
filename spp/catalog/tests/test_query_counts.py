"""Query-count guards of the catalog's lists and API lists: as many SQL queries with 1,000
rows as with 10."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.catalog.models import Incident, Qualification
from spp.catalog.tests.factories import QualificationTypeFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spp.ops.testing import enrol, queries_for, services, users

pytestmark = pytest.mark.django_db


def _guard(client, url, add_rows):
    add_rows(10)
    client.get(url)  # warm the per-process caches (content types, brand)
    few = queries_for(client, url)
    add_rows(990)
    assert queries_for(client, url) == few


@pytest.fixture
def managed():
    """A service and an agent of its authority, signed in by the tests."""
    service = service_with_charter()
    agent = MembershipFactory(organisation=service.authority, role="admin").user
    return service, agent


def test_manage_enrolments_queries_do_not_grow_with_the_enrolments(client, managed):
    service, agent = managed
    client.force_login(agent)
    _guard(client, f"/gestion/services/{service.slug}/inscriptions/",
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
    _guard(client, f"/gestion/services/{service.slug}/contributeurs/", add)


def test_incident_list_queries_do_not_grow_with_the_incidents(client, managed):
    service, agent = managed
    client.force_login(agent)

    def add(n):
        people = users(n)
        Incident.objects.bulk_create([
            Incident(service=service, declared_by=p, kind="damage", place="Voiron",
                     occurred_at=timezone.now() - timedelta(days=1), description="Un dommage.")
            for p in people])
    _guard(client, "/gestion/incidents/", add)


def test_api_services_list_queries_do_not_grow_with_the_services(client):
    authority = OrganisationFactory()
    _guard(client, "/api/v1/catalog/services", lambda n: services(n, authority))


def test_api_my_enrolments_queries_do_not_grow_with_the_enrolments(client):
    user = UserFactory()
    client.force_login(user)
    authority = OrganisationFactory()
    _guard(client, "/api/v1/catalog/me/enrolments",
           lambda n: enrol([user], services(n, authority, prefix="api")))
