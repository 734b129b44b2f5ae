"""The role × action table of docs/permissions.md (section "consultations"), walked in full."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from spp.catalog.tests.factories import EnrolmentFactory, ServiceFactory
from spp.consultations.permissions import abilities
from spp.consultations.tests.factories import ConsultationFactory, QuestionFactory
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["view", "answer", "propose", "support", "moderate", "export", "export_personal_data"]
# role: expected abilities on an open consultation reserved to enrolled contributors
TABLE = {
    "visitor": [0, 0, 0, 0, 0, 0, 0],
    "citizen": [1, 0, 0, 0, 0, 0, 0],
    "enrolled": [1, 1, 1, 1, 0, 0, 0],
    "authority_agent": [1, 0, 0, 0, 1, 1, 0],
    "authority_coordinator": [1, 0, 0, 0, 1, 1, 1],
    "operator_agent": [1, 0, 0, 0, 1, 1, 0],
    "operator_admin": [1, 0, 0, 0, 1, 1, 1],
    "other_authority_admin": [1, 0, 0, 0, 0, 0, 0],
}


@pytest.fixture
def consultation():
    service = ServiceFactory(operator=OperatorFactory(), patterns=["consultation"])
    consultation = ConsultationFactory(service=service, audience="enrolled")
    QuestionFactory(section__consultation=consultation)
    return consultation


def _person(role, consultation):
    service = consultation.service
    if role == "visitor":
        return AnonymousUser()
    if role == "enrolled":
        return EnrolmentFactory(service=service).user
    organisations = {"authority": service.authority, "operator": service.operator}
    if role.startswith(("authority", "operator")):
        where, what = role.split("_")
        return MembershipFactory(organisation=organisations[where], role=what).user
    if role == "other_authority_admin":
        return MembershipFactory(role="admin").user
    return UserFactory()


@pytest.mark.parametrize("role", TABLE)
def test_role_by_action(role, consultation):
    can = abilities(_person(role, consultation), consultation)
    assert [int(can[action]) for action in ACTIONS] == TABLE[role]


def test_nobody_takes_part_once_closed(consultation):
    consultation.opens_at = timezone.now() - timedelta(days=5)
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.save()
    enrolled = EnrolmentFactory(service=consultation.service).user
    can = abilities(enrolled, consultation)
    assert not (can["answer"] or can["propose"] or can["support"])
    assert can["view_results"]


def test_unpublished_consultations_are_for_managers_only(consultation):
    consultation.is_published = False
    consultation.save()
    assert not abilities(EnrolmentFactory(service=consultation.service).user,
                         consultation)["view"]
    manager = MembershipFactory(organisation=consultation.authority).user
    assert abilities(manager, consultation)["view"]
