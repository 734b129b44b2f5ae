"""The peers app's retention purge, run with the others (spp/core/retention.py). Its period is
each service's own (``PeerSettings.retention_days``, docs/peers.md), not SPP_RETENTION_DAYS:
the purge is ``services.requests_purge`` (also ``manage.py peers_purge``)."""

from datetime import timedelta

from spp.core.retention import Purge


def _due_count(now) -> int:
    """How many requests ``requests_purge`` would blank at ``now`` (for ``--dry-run``)."""
    from spp.peers.models import DEFAULT_RETENTION_DAYS, PeerRequest, PeerSettings

    closed = PeerRequest.objects.filter(status=PeerRequest.Status.CLOSED,
                                        personal_purged_at__isnull=True)
    retention = dict(PeerSettings.objects.values_list("service_id", "retention_days"))
    count = 0
    for service_id in set(closed.values_list("service_id", flat=True).distinct()):
        days = retention.get(service_id, DEFAULT_RETENTION_DAYS)
        count += closed.filter(service_id=service_id,
                               closed_at__lt=now - timedelta(days=days)).count()
    return count


def peer_requests_purge(*, before, now, dry_run: bool) -> int:
    from spp.peers.services import requests_purge

    return _due_count(now) if dry_run else requests_purge(now=now)


PURGES = [Purge("peer_requests", peer_requests_purge, own_period=True)]
