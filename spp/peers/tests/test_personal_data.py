"""A requester's download holds their request with its contact details in clear; erasing
them closes it, frees the expert, and blanks and unlinks it."""

import pytest

from spp.core.services import user_erase
from spp.peers.models import PeerRequest
from spp.peers.tests.factories import matched, peers_service

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_request_and_erasure_blanks_it(client):
    request, _ = matched(peers_service())
    client.force_login(request.requester)
    data = client.get("/mon-profil/mes-donnees.json").json()
    assert [(row["prenom"], row["telephone"]) for row in data["pairs_demandes"]] == [
        ("Nadia", "06 12 34 56 78")]
    user_erase(user=request.requester)
    request = PeerRequest.objects.select_related("expert").get(pk=request.pk)
    assert (request.status, request.requester, request.first_name, request.phone) == (
        "closed", None, "", "")
    assert request.expert.load == 0
