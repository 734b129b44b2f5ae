"""The peers demo: requests in every state, sessions in the ledger that the expenses demo
claims from; running it twice creates nothing more."""

import pytest

from spp.catalog.models import Participation
from spp.expenses.models import Claim
from spp.ops.demo import seed_demo
from spp.peers.models import ExpertProfile, PeerRequest, PeerSession, Proposal


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_the_demo_has_requests_in_every_state_and_claims_from_real_sessions():
    seed_demo(log=lambda *a: None)
    assert ExpertProfile.objects.count() == 6
    assert set(PeerRequest.objects.values_list("status", flat=True)) == set(
        PeerRequest.Status.values)
    assert Proposal.objects.filter(status="declined").exists()
    sessions = PeerSession.objects.count()
    ledger = Participation.objects.filter(kind="peer_session")
    assert sessions and ledger.count() == sessions
    assert all(key.startswith("peers.session:") for key in ledger.values_list("source_key",
                                                                              flat=True))
    assert Claim.objects.filter(participation__kind="peer_session").count() == sessions
    counts = (PeerRequest.objects.count(), PeerSession.objects.count(), Claim.objects.count())
    seed_demo(log=lambda *a: None)
    assert counts == (PeerRequest.objects.count(), PeerSession.objects.count(),
                      Claim.objects.count())
