"""Role × action walk of the rosters permissions (docs/permissions.md, section rosters)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from spp.catalog.tests.factories import EnrolmentFactory
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.rosters.permissions import abilities
from spp.rosters.tests.factories import roster_service

pytestmark = pytest.mark.django_db

# role: (manage, read_coverage, participate)
EXPECTED = {
    "visitor": (False, False, False),
    "outsider": (False, False, False),
    "volunteer": (False, False, True),
    "pending_volunteer": (False, False, False),
    "authority_agent": (False, True, False),
    "authority_coordinator": (True, True, False),
    "authority_admin": (True, True, False),
    "operator_coordinator": (True, True, False),
    "other_operator_coordinator": (False, False, False),
}


def people(service):
    volunteer, pending = UserFactory(), UserFactory()
    EnrolmentFactory(user=volunteer, service=service)
    EnrolmentFactory(user=pending, service=service, status="pending")
    return {
        "visitor": AnonymousUser(), "outsider": UserFactory(), "volunteer": volunteer,
        "pending_volunteer": pending,
        "authority_agent": MembershipFactory(organisation=service.authority, role="agent").user,
        "authority_coordinator": MembershipFactory(organisation=service.authority,
                                                   role="coordinator").user,
        "authority_admin": MembershipFactory(organisation=service.authority, role="admin").user,
        "operator_coordinator": MembershipFactory(organisation=service.operator,
                                                  role="coordinator").user,
        "other_operator_coordinator": MembershipFactory(organisation=OperatorFactory(),
                                                        role="coordinator").user,
    }


def test_abilities_follow_the_role_table():
    service = roster_service(operator=OperatorFactory())
    for role, user in people(service).items():
        can = abilities(user, service)
        assert (can["manage"], can["read_coverage"], can["participate"]) == EXPECTED[role], role


def test_back_office_pages_answer_404_to_those_who_may_not_see_them(client):
    service = roster_service(operator=OperatorFactory())
    for role, user in people(service).items():
        if role == "visitor":
            continue
        client.force_login(user)
        manage, read, _participate = EXPECTED[role]
        coverage = client.get(reverse("rosters:coverage", args=[service.slug])).status_code
        create = client.get(reverse("rosters:shift_create", args=[service.slug])).status_code
        assert coverage == (200 if read else 404), role
        assert create == (200 if manage else 404), role


def test_visitors_are_asked_to_sign_in():
    from django.test import Client

    service = roster_service()
    response = Client().get(reverse("rosters:service_home", args=[service.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def _catalog_rule(user, service) -> bool:
    from django.core.exceptions import ValidationError

    from spp.catalog.selectors import enrolment_require_current

    try:
        enrolment_require_current(user, service)
    except ValidationError:
        return False
    return True


def test_participation_in_one_query_follows_the_catalogs_rule():
    """``participates`` reads catalog's rule (an active enrolment with the current charter,
    any enrolment when the service has no charter) in one query: the same answer in every
    case, charter changes included."""
    from spp.catalog.models import Charter
    from spp.catalog.tests.factories import CharterFactory, ServiceFactory
    from spp.rosters.permissions import participates

    service, uncharted = roster_service(), ServiceFactory()
    states = {"active": EnrolmentFactory(service=service).user,
              "pending": EnrolmentFactory(service=service, status="pending").user,
              "suspended": EnrolmentFactory(service=service, status="suspended").user,
              "none": UserFactory(),
              # a service without a charter (its enrolment points at another one's)
              "uncharted": EnrolmentFactory(service=uncharted, accepted_charter=Charter.objects
                                            .get(service=service)).user}
    expected = {"active": True, "pending": False, "suspended": False, "none": False}
    for state, user in states.items():
        where = uncharted if state == "uncharted" else service
        assert participates(user, where) == _catalog_rule(user, where), state
        assert participates(user, where) == expected.get(state, True), state
    CharterFactory(service=service, version=2)  # a new charter nobody accepted yet
    assert participates(states["active"], service) is _catalog_rule(states["active"],
                                                                    service) is False
    assert participates(AnonymousUser(), service) is False
