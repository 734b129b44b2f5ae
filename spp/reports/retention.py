"""The reports app's retention purge (spp/core/retention.py; period in
settings.SPP_RETENTION_DAYS["pending_reports"], docs/privacy.md's register)."""

from spp.core.retention import Purge, delete_in_batches


def pending_reports_purge(*, before, now, dry_run: bool) -> int:
    """Visitors' reports never confirmed (their link lasts 24 h): the address, the text and
    the point of someone who did not file. The held photos go by themselves (photos.py)."""
    from spp.reports.models import PendingReport

    return delete_in_batches(PendingReport.objects.filter(created_at__lt=before),
                             dry_run=dry_run)


PURGES = [Purge("pending_reports", pending_reports_purge)]
