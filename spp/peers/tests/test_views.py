"""The peers pages through HTTP, as people use them: a referral without consent keeps what was
typed, the coordinator ranks and proposes, the expert accepts and logs a session, the requester
sees who will contact them; reading contact details is audited."""

import pytest
from django.utils import timezone

from spp.catalog.models import Participation
from spp.core.models import AuditLogEntry
from spp.peers.models import PeerRequest, Proposal
from spp.peers.tests.factories import (
    ask,
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


def _referral(service, **overrides):
    return {"domain": domain_of(service).pk, "preferred_mode": "phone",
            "preferred_language": "fr", "first_name": "Karim", "phone": "06 11 22 33 44",
            "availability": "le matin", "consent": "on", **overrides}


def test_a_referral_without_consent_is_refused_and_keeps_what_was_typed(client, service):
    client.force_login(professional_of(service))
    data = _referral(service)
    del data["consent"]
    response = client.post(f"/pairs/{service.slug}/orienter/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "consentement" in page
    assert 'value="Karim"' in page and not PeerRequest.objects.exists()
    response = client.post(f"/pairs/{service.slug}/orienter/", _referral(service))
    assert response.status_code == 302 and PeerRequest.objects.get().referred_by_id


def test_a_citizen_cannot_open_the_referral_form_nor_the_queue(client, service):
    client.force_login(ask(service).requester)
    assert client.get(f"/pairs/{service.slug}/orienter/").status_code == 404
    assert client.get(f"/pairs/{service.slug}/gestion/").status_code == 404


def test_the_coordinator_ranks_and_proposes_then_the_expert_accepts(client, service):
    profile = expert(service)
    request = ask(service)
    coordinator = coordinator_of(service)
    client.force_login(coordinator)
    queue = client.get(f"/pairs/{service.slug}/gestion/").content.decode()
    assert f"Demande n° {request.pk}" in queue and "Nadia" not in queue
    ranking = client.get(f"/pairs/demandes/{request.pk}/pairs/").content.decode()
    assert "Accompagne le domaine « Diabète de type 2 »." in ranking and "Proposer" in ranking
    client.post(f"/pairs/demandes/{request.pk}/proposer/{profile.pk}/")
    proposal = Proposal.objects.get()
    client.force_login(profile.user)
    mine = client.get("/pairs/mes-accompagnements/").content.decode()
    assert "Diabète de type 2" in mine and "Nadia" not in mine
    response = client.post(f"/pairs/propositions/{proposal.pk}/accepter/", follow=True)
    assert "Nadia" in response.content.decode()
    assert AuditLogEntry.objects.filter(action="peers.request.read_personal",
                                        actor=profile.user).count() == 1


def test_the_ranking_neither_reads_the_personal_fields_nor_grows_with_the_experts(
        client, service, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expert(service)
    request = ask(service)
    client.force_login(coordinator_of(service))
    url = f"/pairs/demandes/{request.pk}/pairs/"
    client.get(url)  # per-process caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert not any('"peers_peerrequest"."phone"' in query["sql"] for query in few.captured_queries)
    for _ in range(5):
        expert(service)
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count("Accompagne le domaine « Diabète de type 2 ».") == 6


def test_the_requester_sees_who_will_contact_them_without_an_audit_entry(client, service):
    request, _ = matched(service)
    client.force_login(request.requester)
    page = client.get(f"/pairs/demandes/{request.pk}/").content.decode()
    assert f"{request.expert.user.public_name}, pair certifié, va vous contacter" in page
    assert not AuditLogEntry.objects.filter(action="peers.request.read_personal").exists()


def test_the_expert_logs_a_session_from_the_page(client, service):
    request, _ = matched(service)
    client.force_login(request.expert.user)
    response = client.post(f"/pairs/demandes/{request.pk}/seance/", {
        "held_on": timezone.localdate().isoformat(), "duration_minutes": "60",
        "mode": "phone"})
    assert response.status_code == 302
    assert Participation.objects.get(kind="peer_session").user == request.expert.user


def test_the_expert_profile_form_saves_a_profile(client, service):
    profile = expert(service)
    client.force_login(profile.user)
    response = client.post(f"/pairs/{service.slug}/mon-profil/", {
        "domains": [domain_of(service).pk], "languages": ["fr", "en"], "modes": ["phone"],
        "radius_km": "15", "weekly_capacity": "3", "is_active": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.language_codes, profile.modes, profile.weekly_capacity) == (
        ["fr", "en"], ["phone"], 3)


def test_the_queue_takes_the_same_queries_for_more_requests(client, service,
                                                            django_assert_max_num_queries):
    client.force_login(coordinator_of(service))
    ask(service)
    with django_assert_max_num_queries(12):
        client.get(f"/pairs/{service.slug}/gestion/")
    for _ in range(10):
        ask(service)
    with django_assert_max_num_queries(12):
        client.get(f"/pairs/{service.slug}/gestion/")
