"""Every cell of docs/permissions.md's qualification types table, checked against the code."""

import pytest

from spp.catalog import permissions
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    _service, people = delegated_service_and_people()
    assert_table_matches("catalog.qualification_types", people,
                         lambda person: permissions.qualification_type_abilities(person))
