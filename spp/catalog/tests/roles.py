"""Build one person per role column of docs/permissions.md around a delegated service."""

from django.contrib.auth.models import AnonymousUser

from spp.catalog.tests.factories import service_with_charter
from spp.core.tests.factories import (
    MembershipFactory,
    OperatorFactory,
    OrganisationFactory,
    UserFactory,
)


def delegated_service_and_people():
    authority, operator = OrganisationFactory(), OperatorFactory()
    service = service_with_charter(authority=authority, operator=operator)
    people = {"visitor": AnonymousUser(), "citizen": UserFactory()}
    for role in ("agent", "coordinator", "admin"):
        people[f"{role} (authority)"] = MembershipFactory(organisation=authority, role=role).user
        people[f"{role} (operator)"] = MembershipFactory(organisation=operator, role=role).user
    people["coordinator (other operator)"] = MembershipFactory(
        organisation=OperatorFactory(), role="coordinator"
    ).user
    people["admin (other authority)"] = MembershipFactory(role="admin").user
    return service, people
