"""The carpool app's retention purge (spp/core/retention.py; period in
settings.SPP_RETENTION_DAYS["ride_searches"], docs/privacy.md's register)."""

from django.db.models import Q

from spp.core.retention import Purge, update_in_batches


def ride_searches_purge(*, before, now, dry_run: bool) -> int:
    """Passengers' searches whose time window ended longer ago than the period lose who asked
    (the account, the SMS number, the fallback's answer); the line, stops and times stay, as
    the unmet demand the coordinator reads."""
    from spp.carpool.models import RideSearch

    personal = (Q(passenger__isnull=False) | ~Q(phone="") | ~Q(fallback_response="")
                | Q(share_contact=True))
    return update_in_batches(
        RideSearch.objects.filter(personal, window_end__lt=before), dry_run=dry_run,
        passenger=None, phone="", fallback_response="", share_contact=False, offered_trips=[])


PURGES = [Purge("ride_searches", ride_searches_purge)]
