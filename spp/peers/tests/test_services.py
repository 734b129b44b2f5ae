"""Requests, proposals, sessions and the purge through the services: consent first, refusals
with their reason, notifications to both sides, the ledger written, every personal read
audited."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from spp.catalog.models import Participation
from spp.core.models import AuditLogEntry, Notification
from spp.core.tests.factories import UserFactory
from spp.peers import services
from spp.peers.models import PeerRequest, PeerSettings, Proposal
from spp.peers.tests.factories import (
    ask,
    certify,
    coordinator_of,
    domain_of,
    expert,
    matched,
    peers_service,
    professional_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return peers_service()


def test_without_consent_nothing_is_stored_and_the_message_says_why(service):
    with pytest.raises(ValidationError) as raised:
        services.request_create(actor=UserFactory(), service=service,
                                domain=domain_of(service), preferred_language="fr",
                                preferred_mode="phone", phone="0612345678", consent=False)
    assert "consentement" in raised.value.message_dict["consent"][0]
    assert not PeerRequest.objects.exists()


def test_the_database_refuses_a_request_without_consent(service):
    with pytest.raises(IntegrityError):
        PeerRequest.objects.create(service=service, domain=domain_of(service),
                                   consent_given_at=None)


def test_a_professional_refers_a_person_without_an_account(service):
    professional = professional_of(service)
    request = services.request_create(
        actor=professional, service=service, domain=domain_of(service),
        preferred_language="fr", preferred_mode="phone", first_name="Karim",
        phone="0611223344", consent=True, referred=True)
    assert (request.requester, request.referred_by) == (None, professional)
    with pytest.raises(PermissionDenied):  # a citizen is not a professional of the service
        services.request_create(actor=UserFactory(), service=service,
                                domain=domain_of(service), preferred_language="fr",
                                preferred_mode="phone", phone="06", consent=True,
                                referred=True)


def test_in_person_needs_a_commune(service):
    with pytest.raises(ValidationError) as raised:
        ask(service, mode="in_person", where=None)
    assert "commune" in raised.value.message_dict


def test_proposing_an_expert_without_valid_certification_is_refused_with_the_reason(service):
    profile = expert(service, certified=False)
    certify(profile.user, expires_in_days=-3)
    request = ask(service)
    with pytest.raises(ValidationError) as raised:
        services.proposal_make(actor=coordinator_of(service), request=request, expert=profile)
    assert "Certification manquante, non vérifiée ou expirée" in raised.value.messages[0]
    assert PeerRequest.objects.get(pk=request.pk).status == "new"


def test_an_over_capacity_proposal_is_refused_with_the_reason(service):
    profile = expert(service, capacity=1)
    matched(service, profile)
    with pytest.raises(ValidationError) as raised:
        services.proposal_make(actor=coordinator_of(service), request=ask(service),
                               expert=profile)
    assert "capacité est atteinte" in " ".join(raised.value.messages)


def test_only_a_coordinator_proposes(service):
    with pytest.raises(PermissionDenied):
        services.proposal_make(actor=professional_of(service), request=ask(service),
                               expert=expert(service))


def test_accepting_matches_loads_the_expert_and_tells_both_sides(service):
    profile = expert(service)
    request = ask(service)
    coordinator = coordinator_of(service)
    proposal = services.proposal_make(actor=coordinator, request=request, expert=profile)
    assert Notification.objects.filter(recipient=profile.user).exists()
    assert proposal.score > 0 and proposal.explanation
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=coordinator, proposal=proposal)
    services.proposal_accept(actor=profile.user, proposal=proposal)
    request.refresh_from_db()
    profile.refresh_from_db()
    assert (request.status, request.expert, profile.load) == ("matched", profile, 1)
    requester_note = Notification.objects.get(recipient=request.requester)
    assert requester_note.title == f"{profile.user.public_name} va vous contacter"
    assert Notification.objects.filter(recipient=coordinator).exists()
    assert list(request.events.values_list("to_status", flat=True)) == [
        "new", "proposed", "matched"]


def test_declining_returns_the_request_to_new_and_tells_the_coordinator(service):
    profile, coordinator = expert(service), coordinator_of(service)
    request = ask(service)
    proposal = services.proposal_make(actor=coordinator, request=request, expert=profile)
    services.proposal_decline(actor=profile.user, proposal=proposal)
    assert PeerRequest.objects.get(pk=request.pk).status == "new"
    assert Proposal.objects.get().status == "declined"
    assert Notification.objects.filter(recipient=coordinator,
                                       title__contains="déclinée").exists()
    with pytest.raises(ValidationError):
        services.proposal_accept(actor=profile.user, proposal=proposal)


def test_a_session_writes_hours_to_the_ledger_once(service):
    request, _ = matched(service)
    session = services.session_log(actor=request.expert.user, request=request,
                                   held_on=timezone.localdate(), duration_minutes=90,
                                   mode="phone")
    row = Participation.objects.get(kind="peer_session")
    assert (row.user, row.quantity, row.unit, row.source_key) == (
        request.expert.user, Decimal("1.50"), "hours", f"peers.session:{session.pk}")


def test_a_session_cannot_be_logged_in_the_future_nor_by_someone_else(service):
    request, coordinator = matched(service)
    with pytest.raises(ValidationError) as raised:
        services.session_log(actor=request.expert.user, request=request,
                             held_on=timezone.localdate() + timedelta(days=1),
                             duration_minutes=60, mode="phone")
    assert "held_on" in raised.value.message_dict
    with pytest.raises(PermissionDenied):
        services.session_log(actor=coordinator, request=request,
                             held_on=timezone.localdate(), duration_minutes=60, mode="phone")


def test_closing_frees_the_expert_and_reading_personal_data_is_audited(service):
    request, coordinator = matched(service)
    services.request_personal_read(actor=coordinator, request=request)
    assert AuditLogEntry.objects.filter(action="peers.request.read_personal",
                                        actor=coordinator, target_id=str(request.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.request_personal_read(actor=UserFactory(), request=request)
    services.request_close(actor=coordinator, request=request)
    request.expert.refresh_from_db()
    assert request.expert.load == 0


def test_the_purge_blanks_personal_fields_after_the_services_retention(service):
    PeerSettings.objects.create(service=service, retention_days=30)
    old, recent = ask(service), ask(service)
    coordinator = coordinator_of(service)
    for request, days in ((old, 31), (recent, 10)):
        services.request_close(actor=coordinator, request=request,
                               now=timezone.now() - timedelta(days=days))
    call_command("peers_purge", stdout=io.StringIO())
    old, recent = (PeerRequest.objects.get(pk=r.pk) for r in (old, recent))
    assert (old.first_name, old.phone, old.availability) == ("", "", "")
    assert old.personal_purged_at is not None and old.domain_id
    assert recent.first_name == "Nadia" and recent.personal_purged_at is None
