"""Query-count guards of the catalog's lists and API lists: as many SQL queries with 1,000
rows as with 10."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.catalog.models import Incident, Participation, Qualification
from spp.catalog.tests.factories import QualificationTypeFactory, service_with_charter
from spp.core.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from spp.ops.query_counts import assert_queries_do_not_grow as guard
from spp.ops.query_counts import enrol, services, users

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


def test_a_filtered_enrolments_page_queries_do_not_grow_with_the_enrolments(client, managed):
    """Filtered, with pending (approval forms) and active rows mixed."""
    service, agent = managed
    client.force_login(agent)

    def add(n):
        people = users(n)
        enrol(people[: n // 2], [service], status="pending")
        enrol(people[n // 2:], [service])
    guard(client, f"/gestion/services/{service.slug}/inscriptions/?q=Alex", add)


def test_contributors_queries_do_not_grow_with_contributors_and_qualifications(client, managed):
    service, agent = managed
    client.force_login(agent)
    kinds = [QualificationTypeFactory(code=f"guard-{i}") for i in range(3)]

    def add(n):
        people = users(n)
        enrol(people, [service])
        today = timezone.localdate()
        Qualification.objects.bulk_create([  # one, two or three each; some to verify
            Qualification(user=p, qualification_type=kind, obtained_on=today,
                          verified_at=timezone.now() if i % 2 else None, verified_by=agent)
            for i, p in enumerate(people) for kind in kinds[: i % 3 + 1]])
    guard(client, f"/gestion/services/{service.slug}/contributeurs/", add)


def _statements(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def _listing(statements: list[str], service) -> list[str]:
    """The statements reading the enrolments of ``service`` (not the banner's, of the reader)."""
    import re

    return [sql for sql in statements
            if re.search(rf'"catalog_enrolment"\."service_id" = {service.pk}\b', sql)]


@pytest.mark.parametrize("page", ["", "?page=2", "?status=pending&q=Alex&page=2"])
def test_the_enrolments_page_reads_its_rows_and_their_count_in_one_query(client, managed, page):
    """The page's rows, the person and the charter joined, with the capped count attached:
    one statement on the service's enrolments, on any page and with the filters."""
    service, agent = managed
    client.force_login(agent)
    enrol(users(60), [service], status="pending")
    statements = _statements(client, f"/gestion/services/{service.slug}/inscriptions/{page}")
    listed = _listing(statements, service)
    assert len(listed) == 1 and "_spp_capped_count" in listed[0]


@pytest.mark.parametrize("page", ["", "?page=2"])
def test_the_contributors_page_reads_the_qualifications_of_its_people_at_once(
        client, managed, page):
    """One statement for the page's people, one for all their qualifications."""
    service, agent = managed
    client.force_login(agent)
    people = users(60)
    enrol(people, [service])
    kind = QualificationTypeFactory(code="guard-once")
    Qualification.objects.bulk_create([
        Qualification(user=p, qualification_type=kind, obtained_on=timezone.localdate())
        for p in people])
    statements = _statements(client, f"/gestion/services/{service.slug}/contributeurs/{page}")
    assert len(_listing(statements, service)) == 1
    assert len([sql for sql in statements if 'FROM "catalog_qualification"' in sql]) == 1


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


def test_api_services_list_queries_do_not_grow_with_the_services(client):
    authority = OrganisationFactory()
    guard(client, "/api/v1/catalog/services", lambda n: services(n, authority))


def test_api_my_enrolments_queries_do_not_grow_with_the_enrolments(client):
    user = UserFactory()
    client.force_login(user)
    authority = OrganisationFactory()
    guard(client, "/api/v1/catalog/me/enrolments",
          lambda n: enrol([user], services(n, authority, prefix="api")))


def test_api_my_participations_queries_do_not_grow_with_the_ledger(client):
    user = UserFactory()
    client.force_login(user)
    service = service_with_charter()

    def add(n):
        Participation.objects.bulk_create([
            Participation(user=user, pseudonym=user.pseudonym, service=service, kind="report",
                          quantity=1, unit="count",
                          occurred_at=timezone.now() - timedelta(minutes=i))
            for i in range(n)])
    guard(client, "/api/v1/catalog/me/participations?limit=500", add)


def test_qualification_types_list_queries_do_not_grow_with_the_types(client, managed):
    """Each type with its owner and the organisations it names as also verifying it."""
    from spp.catalog.models import QualificationType

    service, admin = managed
    client.force_login(admin)
    named = OrganisationFactory()

    def add(n):
        start = QualificationType.objects.count()
        created = QualificationType.objects.bulk_create([
            QualificationType(code=f"guard-type-{start + i}", name=f"Type {start + i}",
                              owner=service.authority) for i in range(n)])
        QualificationType.verifiers.through.objects.bulk_create([
            QualificationType.verifiers.through(qualificationtype_id=t.pk,
                                                organisation_id=named.pk) for t in created])
    guard(client, "/gestion/types-de-qualification/", add)
