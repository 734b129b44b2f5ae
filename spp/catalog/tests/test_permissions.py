"""Every cell of docs/permissions.md's catalog and core tables, checked against abilities()."""

import pytest

from spp.catalog import permissions
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core import permissions as core_permissions
from spp.core.testing.permission_tables import assert_table_matches

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "marker, abilities_of",
    [
        ("catalog.service", lambda user, service: permissions.abilities(user, service)),
        (
            "core.organisation",
            lambda user, service: core_permissions.abilities(user, service.authority),
        ),
    ],
)
def test_every_cell_of_the_documented_table_matches_the_code(marker, abilities_of):
    service, people = delegated_service_and_people()
    assert_table_matches(marker, people, lambda person: abilities_of(person, service))


def test_an_operator_coordinator_cannot_open_another_operators_service(client):
    service, people = delegated_service_and_people()
    client.force_login(people["coordinator (other operator)"])
    response = client.get(f"/gestion/services/{service.slug}/inscriptions/")
    assert response.status_code == 404


def test_the_operator_and_the_authority_both_reach_the_delegated_service(client):
    service, people = delegated_service_and_people()
    for role in ("agent (operator)", "admin (authority)"):
        client.force_login(people[role])
        assert client.get(f"/gestion/services/{service.slug}/inscriptions/").status_code == 200
