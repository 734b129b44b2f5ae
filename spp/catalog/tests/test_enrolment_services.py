"""Enrolling by accepting the charter, and the enrolment workflow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spp.catalog import selectors, services
from spp.catalog.models import Enrolment, EnrolmentEvent
from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def managed_service(role="agent", **kwargs):
    member = MembershipFactory(role=role).user
    return service_with_charter(authority=member.memberships.get().organisation, **kwargs), member


def test_enrolling_without_accepting_the_charter_is_refused_and_creates_nothing():
    service, _ = managed_service()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=UserFactory(), service=service, charter_version=1, accept_charter=False
        )
    assert "accept_charter" in error.value.message_dict
    assert not Enrolment.objects.exists()


def test_enrolling_against_an_outdated_charter_version_is_refused():
    service, _ = managed_service()
    services.charter_publish(actor=None, service=service, title="v2", body="Nouveau texte")
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=UserFactory(), service=service, charter_version=1, accept_charter=True
        )
    assert "charter_version" in error.value.message_dict


def test_enrolment_waits_for_an_agent_when_the_service_requires_approval():
    service, _ = managed_service()
    enrolment = services.enrolment_create(
        actor=UserFactory(), service=service, charter_version=1, accept_charter=True
    )
    assert enrolment.status == Enrolment.Status.PENDING
    assert enrolment.accepted_charter.version == 1


def test_enrolling_twice_returns_the_same_enrolment():
    service, _ = managed_service()
    citizen = UserFactory()
    first = services.enrolment_create(
        actor=citizen, service=service, charter_version=1, accept_charter=True
    )
    second = services.enrolment_create(
        actor=citizen, service=service, charter_version=1, accept_charter=True
    )
    assert first.pk == second.pk and Enrolment.objects.count() == 1


def test_approval_records_who_accepted_the_help_and_when_and_is_audited():
    service, agent = managed_service()
    enrolment = services.enrolment_create(
        actor=UserFactory(), service=service, charter_version=1, accept_charter=True
    )
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.approved_by == agent and enrolment.approved_at is not None
    assert AuditLogEntry.objects.filter(action="enrolment.approve", actor=agent).exists()
    assert EnrolmentEvent.objects.filter(enrolment=enrolment, to_status="active").exists()
    assert Notification.objects.filter(recipient=enrolment.user).exists()


def test_suspending_without_a_reason_is_refused():
    service, agent = managed_service()
    enrolment = EnrolmentFactory(service=service)
    with pytest.raises(ValidationError) as error:
        services.enrolment_transition(actor=agent, enrolment=enrolment, action="suspend")
    assert "reason" in error.value.message_dict
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_a_transition_not_in_the_table_is_refused():
    service, agent = managed_service()
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.ENDED)
    with pytest.raises(ValidationError):
        services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")


def test_an_agent_of_another_operator_cannot_act_on_the_service():
    service, _ = managed_service(operator=OperatorFactory())
    outsider = MembershipFactory(organisation=OperatorFactory(), role="admin").user
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING)
    with pytest.raises(PermissionDenied):
        services.enrolment_transition(actor=outsider, enrolment=enrolment, action="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING


def test_approval_is_refused_when_a_required_qualification_has_expired():
    service, agent = managed_service()
    qualification_type = QualificationTypeFactory(code="psc1", name="PSC1")
    service.required_qualifications.add(qualification_type)
    citizen = UserFactory()
    QualificationFactory(
        user=citizen,
        qualification_type=qualification_type,
        obtained_on=timezone.localdate() - timedelta(days=900),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    enrolment = services.enrolment_create(
        actor=citizen, service=service, charter_version=1, accept_charter=True
    )
    with pytest.raises(ValidationError, match="PSC1"):
        services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING


def test_a_qualification_counts_for_those_it_includes():
    chief = QualificationTypeFactory(code="chef-agres")
    crew = QualificationTypeFactory(code="equipier")
    chief.includes.add(crew)
    person = UserFactory()
    QualificationFactory(user=person, qualification_type=chief)
    assert selectors.qualifications_valid_on(person, timezone.localdate()) == {
        "chef-agres",
        "equipier",
    }


def test_a_qualification_in_training_or_unverified_does_not_count():
    person = UserFactory()
    QualificationFactory(user=person, qualification_type__code="psc1", in_training=True)
    QualificationFactory(user=person, qualification_type__code="spv", verified_at=None)
    assert selectors.qualifications_valid_on(person, timezone.localdate()) == set()


def test_a_new_charter_version_asks_active_contributors_to_accept_again():
    service, _ = managed_service(role="coordinator")
    enrolment = EnrolmentFactory(service=service)
    assert selectors.enrolment_require_current(enrolment.user, service) == enrolment
    services.charter_publish(actor=None, service=service, title="Charte v2", body="Texte v2")
    with pytest.raises(ValidationError, match="acceptez la nouvelle version"):
        selectors.enrolment_require_current(enrolment.user, service)
    assert Notification.objects.filter(recipient=enrolment.user).exists()
    services.charter_accept(actor=enrolment.user, service=service, charter_version=2)
    assert (
        selectors.enrolment_require_current(enrolment.user, service).accepted_charter.version == 2
    )


def test_a_pending_enrolment_cannot_act():
    service, _ = managed_service()
    enrolment = EnrolmentFactory(service=service, status=Enrolment.Status.PENDING)
    with pytest.raises(ValidationError, match="inscription active"):
        selectors.enrolment_require_current(enrolment.user, service)


def test_a_citizen_can_withdraw_and_enrol_again():
    service, _ = managed_service()
    enrolment = EnrolmentFactory(service=service)
    services.enrolment_transition(actor=enrolment.user, enrolment=enrolment, action="withdraw")
    again = services.enrolment_create(
        actor=enrolment.user, service=service, charter_version=1, accept_charter=True
    )
    assert again.pk == enrolment.pk and again.status == Enrolment.Status.PENDING


def test_verifying_a_qualification_is_in_the_authoritys_audit_log():
    service, agent = managed_service()
    enrolment = EnrolmentFactory(service=service)
    qualification = QualificationFactory(user=enrolment.user, verified_at=None,
                                         qualification_type__owner=service.authority)
    services.qualification_verify(actor=agent, qualification=qualification)
    entry = AuditLogEntry.objects.get(action="qualification.verify")
    assert entry.organisation == service.authority and entry.actor == agent


def test_an_agent_cannot_verify_the_qualification_of_someone_outside_their_services():
    service, agent = managed_service()
    qualification = QualificationFactory(verified_at=None,
                                         qualification_type__owner=service.authority)
    with pytest.raises(PermissionDenied):
        services.qualification_verify(actor=agent, qualification=qualification)
