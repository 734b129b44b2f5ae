"""The two yes/no columns read with the signed-in person on every page (``member_anywhere``,
``charter_changed``) are written in SQL for speed (spp/core/authentication.py): each must give
the answer of the ORM rule it stands for, in every state a person can be in."""

import pytest

from spp.catalog.authentication import PersonBackend
from spp.catalog.models import Enrolment
from spp.catalog.selectors import enrolments_with_a_newer_charter
from spp.catalog.tests.factories import CharterFactory, EnrolmentFactory, service_with_charter
from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def person_row(user):
    return PersonBackend().get_user(user.pk)


def test_a_person_without_enrolments_nor_roles_reads_false_twice():
    person = person_row(UserFactory())
    assert person.member_anywhere is False
    assert person.charter_changed is False


def test_a_role_in_any_organisation_reads_as_member_anywhere_until_it_is_removed():
    membership = MembershipFactory(role=Membership.Role.AGENT)
    assert person_row(membership.user).member_anywhere is True
    user = membership.user
    membership.delete()
    assert person_row(user).member_anywhere is False


@pytest.mark.parametrize("status", [choice for choice, _ in Enrolment.Status.choices])
@pytest.mark.parametrize("newer_published", [False, True])
def test_charter_changed_agrees_with_the_banner_s_rule_in_every_enrolment_state(
        status, newer_published):
    enrolment = EnrolmentFactory(service=service_with_charter(), status=status)
    EnrolmentFactory(user=enrolment.user, service=service_with_charter())  # up to date
    if newer_published:
        CharterFactory(service=enrolment.service, version=2)
    expected = enrolments_with_a_newer_charter().filter(user=enrolment.user).exists()
    assert person_row(enrolment.user).charter_changed is expected
    assert expected is (newer_published and status == Enrolment.Status.ACTIVE)


def test_having_accepted_the_newest_version_reads_unchanged_until_a_newer_one_appears():
    service = service_with_charter()
    CharterFactory(service=service, version=2)
    enrolment = EnrolmentFactory(service=service,
                                 accepted_charter=service.charters.get(version=2))
    assert person_row(enrolment.user).charter_changed is False
    CharterFactory(service=service, version=3)
    assert person_row(enrolment.user).charter_changed is True
