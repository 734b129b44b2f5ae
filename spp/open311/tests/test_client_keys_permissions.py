"""Every cell of docs/permissions.md's Open311 table, checked against abilities()."""

import pytest

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import permission_table
from spp.open311 import permissions

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    table = permission_table("open311.organisation")
    mismatches = [
        f"{action} × {role}: doc says {allowed}"
        for action, row in table.items()
        for role, allowed in row.items()
        if permissions.abilities(people[role], service.authority)[action] != allowed
    ]
    assert not mismatches, "\n".join(mismatches)
    assert set(table) == set(permissions.abilities(people["citizen"], service.authority))
