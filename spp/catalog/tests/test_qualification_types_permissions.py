"""Every cell of docs/permissions.md's qualification types tables, checked against the code: a
type belongs to the organisation that defines it, which (with those it names) verifies it."""

import pytest

from spp.catalog import permissions
from spp.catalog.tests.factories import QualificationTypeFactory
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_table_of_the_authoritys_own_type_matches_the_code():
    service, people = delegated_service_and_people()
    qualification_type = QualificationTypeFactory(owner=service.authority)
    qualification_type.verifiers.add(service.operator)
    assert_table_matches(
        "catalog.qualification_types", people,
        lambda person: permissions.qualification_type_abilities(person, qualification_type))


def test_every_cell_of_the_table_of_another_authoritys_type_matches_the_code():
    _service, people = delegated_service_and_people()
    other = people["admin (other authority)"].memberships.get().organisation
    qualification_type = QualificationTypeFactory(owner=other)
    assert_table_matches(
        "catalog.qualification_types_of_another_authority", people,
        lambda person: permissions.qualification_type_abilities(person, qualification_type))
