"""Every cell of docs/permissions.md's consultations table, checked against abilities(), and
the rules that change it (audience, dates, publication)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from spp.catalog.tests.factories import EnrolmentFactory
from spp.catalog.tests.roles import delegated_service_and_people
from spp.consultations.permissions import abilities
from spp.consultations.tests.factories import ConsultationFactory, QuestionFactory
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    consultation = ConsultationFactory(service=service, audience="signed_in")
    QuestionFactory(section__consultation=consultation)
    assert_table_matches(
        "consultations.consultation", people, lambda person: abilities(person, consultation)
    )


@pytest.fixture
def enrolled_only():
    consultation = ConsultationFactory(audience="enrolled")
    QuestionFactory(section__consultation=consultation)
    return consultation


def test_enrolled_only_consultations_let_others_read_but_not_take_part(enrolled_only):
    outsider = abilities(UserFactory(), enrolled_only)
    assert outsider["view"] and not (outsider["answer"] or outsider["support"])
    member = abilities(EnrolmentFactory(service=enrolled_only.service).user, enrolled_only)
    assert member["answer"] and member["propose"] and member["support"]


def test_nobody_takes_part_once_closed_and_results_open(enrolled_only):
    enrolled_only.opens_at = timezone.now() - timedelta(days=5)
    enrolled_only.closes_at = timezone.now() - timedelta(days=1)
    enrolled_only.save()
    can = abilities(EnrolmentFactory(service=enrolled_only.service).user, enrolled_only)
    assert not (can["answer"] or can["propose"] or can["support"])
    assert can["view_results"]


def test_unpublished_consultations_are_for_managers_only(enrolled_only):
    enrolled_only.is_published = False
    enrolled_only.save()
    assert not abilities(EnrolmentFactory(service=enrolled_only.service).user,
                         enrolled_only)["view"]
    manager = MembershipFactory(organisation=enrolled_only.authority).user
    assert abilities(manager, enrolled_only)["view"]


def test_visitors_read_a_consultation_open_to_anyone():
    consultation = ConsultationFactory(audience="anyone")
    can = abilities(AnonymousUser(), consultation)
    assert can["view"] and not can["answer"]


@pytest.fixture
def invited_evaluation():
    consultation = ConsultationFactory(kind="evaluation", audience="invited")
    QuestionFactory(section__consultation=consultation, kind="free_text")
    return consultation


def test_an_invited_evaluations_results_are_for_the_invited_and_the_managers_only(
        invited_evaluation):
    """Its free-text answers were written for the service by the people it asked: an account
    holder who was not asked may open the questionnaire, never its answers, even once closed."""
    invited = UserFactory()
    invited_evaluation.invitations.create(user=invited)
    manager = MembershipFactory(organisation=invited_evaluation.authority).user
    for closed in (False, True):
        if closed:
            invited_evaluation.opens_at = timezone.now() - timedelta(days=5)
            invited_evaluation.closes_at = timezone.now() - timedelta(days=1)
            invited_evaluation.save()
        outsider = abilities(UserFactory(), invited_evaluation)
        assert outsider["view"] and not outsider["view_results"]
        assert not abilities(AnonymousUser(), invited_evaluation)["view_results"]
        assert abilities(invited, invited_evaluation)["view_results"]
        assert abilities(manager, invited_evaluation)["view_results"]


def test_an_evaluation_open_to_signed_in_people_shows_its_results_once_published():
    consultation = ConsultationFactory(kind="evaluation", audience="signed_in")
    assert abilities(UserFactory(), consultation)["view_results"]
