"""The rosters app's retention purge (spp/core/retention.py; period in
settings.SPP_RETENTION_DAYS["availability_exceptions"], docs/privacy.md's register)."""

from spp.core.retention import Purge, delete_in_batches


def availability_exceptions_purge(*, before, now, dry_run: bool) -> int:
    """One-off availability changes (holidays, an extra evening, with their note) that ended
    longer ago than the period: rosters read only what is ahead; what was attended is in the
    assignments and the participation ledger, not here."""
    from spp.rosters.models import AvailabilityException

    return delete_in_batches(AvailabilityException.objects.filter(ends_at__lt=before),
                             dry_run=dry_run)


PURGES = [Purge("availability_exceptions", availability_exceptions_purge)]
