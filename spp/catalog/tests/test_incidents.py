"""A contributor declares an incident; the authority's agents follow it up to closure."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spp.catalog import services
from spp.catalog.models import Incident
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def setup_enrolment():
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    return EnrolmentFactory(service=service), agent


def declare(enrolment, **overrides):
    data = {
        "kind": "injury",
        "occurred_at": timezone.now() - timedelta(hours=2),
        "place": "Caserne",
        "description": "Chute dans l’escalier pendant la garde.",
    }
    data.update(overrides)
    return services.incident_declare(actor=enrolment.user, service=enrolment.service, **data)


def test_declaring_an_incident_tells_the_services_managers():
    enrolment, agent = setup_enrolment()
    incident = declare(enrolment)
    assert incident.status == Incident.Status.DECLARED
    assert Notification.objects.filter(recipient=agent, url=incident.get_absolute_url()).exists()


def test_someone_not_enrolled_cannot_declare_an_incident():
    enrolment, _ = setup_enrolment()
    with pytest.raises(ValidationError):
        services.incident_declare(
            actor=UserFactory(),
            service=enrolment.service,
            kind="injury",
            occurred_at=timezone.now(),
            place="x",
            description="y",
        )


def test_an_incident_in_the_future_is_refused():
    enrolment, _ = setup_enrolment()
    with pytest.raises(ValidationError) as error:
        declare(enrolment, occurred_at=timezone.now() + timedelta(days=1))
    assert "occurred_at" in error.value.message_dict


def test_agents_follow_an_incident_up_to_closure_and_every_step_is_audited():
    enrolment, agent = setup_enrolment()
    incident = declare(enrolment)
    services.incident_transition(
        actor=agent, incident=incident, action="acknowledge", note="Reçu, assureur prévenu."
    )
    services.incident_transition(
        actor=agent,
        incident=incident,
        action="close",
        note="Prise en charge des frais médicaux par l’assureur.",
    )
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    assert incident.closing_summary.startswith("Prise en charge")
    assert incident.updates.count() == 3
    assert AuditLogEntry.objects.filter(action="incident.close").exists()
    with pytest.raises(ValidationError):
        services.incident_transition(actor=agent, incident=incident, action="note", note="x")


def test_the_declarant_cannot_close_their_own_incident():
    enrolment, _ = setup_enrolment()
    incident = declare(enrolment)
    with pytest.raises(PermissionDenied):
        services.incident_transition(
            actor=enrolment.user, incident=incident, action="close", note="fini"
        )
