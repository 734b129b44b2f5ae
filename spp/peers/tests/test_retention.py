"""The daily retention purge (spp/core/retention.py) runs the peers app's own purge, with each
service's period (PeerSettings.retention_days), at the 'now' it is handed."""

from datetime import UTC, datetime, timedelta

import pytest

from spp.core.retention import retention_purge
from spp.peers import services
from spp.peers.models import PeerRequest, PeerSettings
from spp.peers.tests.factories import ask, coordinator_of, peers_service

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


def test_requests_closed_past_the_services_period_are_blanked_and_others_kept():
    service = peers_service()
    PeerSettings.objects.create(service=service, retention_days=30)
    old, recent = ask(service), ask(service)
    coordinator = coordinator_of(service)
    services.request_close(actor=coordinator, request=old,
                           now=NOW - timedelta(days=30, minutes=1))
    services.request_close(actor=coordinator, request=recent,
                           now=NOW - timedelta(days=30) + timedelta(minutes=1))
    assert retention_purge(now=NOW, dry_run=True)["peer_requests"] == 1
    assert retention_purge(now=NOW)["peer_requests"] == 1
    old, recent = (PeerRequest.objects.get(pk=r.pk) for r in (old, recent))
    assert old.first_name == "" and old.personal_purged_at is not None
    assert recent.first_name == "Nadia" and recent.personal_purged_at is None
    assert retention_purge(now=NOW)["peer_requests"] == 0
