"""Every cell of docs/permissions.md's qualification types table, checked against the code."""

import pytest

from spp.catalog import permissions
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import permission_table

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    _service, people = delegated_service_and_people()
    table = permission_table("catalog.qualification_types")
    mismatches = [
        f"{action} × {role}: doc says {allowed}"
        for action, row in table.items()
        for role, allowed in row.items()
        if permissions.qualification_type_abilities(people[role])[action] != allowed
    ]
    assert not mismatches, "\n".join(mismatches)
    assert set(table) == set(permissions.qualification_type_abilities(people["citizen"]))
