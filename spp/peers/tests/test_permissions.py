"""Every cell of docs/permissions.md's peers table, checked against service_abilities(), and a
request's confidentiality: its coordinators, its matched expert and its requester, nobody
else (404)."""

import pytest
from django.http import Http404

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import UserFactory
from spp.peers import permissions
from spp.peers.services import proposal_make
from spp.peers.tests.factories import (
    ask,
    coordinator_of,
    expert,
    matched,
    peers_service,
    professional_of,
)

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    service.patterns = ["peers"]
    assert_table_matches(
        "peers.service", people, lambda person: permissions.service_abilities(person, service)
    )


def test_a_request_is_seen_by_its_coordinators_matched_expert_and_requester_only():
    service = peers_service()
    request, coordinator = matched(service)
    for person in (coordinator, request.expert.user, request.requester):
        assert permissions.access_request(person, request.pk) == request
    outsiders = [UserFactory(), professional_of(service), expert(service).user,
                 coordinator_of(peers_service())]
    for person in outsiders:
        with pytest.raises(Http404):
            permissions.access_request(person, request.pk)
    assert not permissions.request_abilities(request.requester, request)["read_personal"]


def test_an_expert_with_a_proposal_only_does_not_see_the_request_yet():
    service = peers_service()
    profile = expert(service)
    request = ask(service)
    proposal = proposal_make(actor=coordinator_of(service), request=request, expert=profile)
    assert permissions.access_proposal_for_expert(profile.user, proposal.pk) == proposal
    with pytest.raises(Http404):
        permissions.access_request(profile.user, request.pk)
    with pytest.raises(Http404):
        permissions.access_proposal_for_expert(UserFactory(), proposal.pk)
