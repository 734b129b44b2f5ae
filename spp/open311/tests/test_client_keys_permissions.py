"""Every cell of docs/permissions.md's Open311 table, checked against abilities()."""

import pytest

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches
from spp.open311 import permissions

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    assert_table_matches("open311.organisation", people,
                         lambda person: permissions.abilities(person, service.authority))
