"""What passengers ask for: each search is recorded (the line's dashboard shows the demand no
driver met), and a passenger may ask for a guaranteed ride from a search that found nothing
(see ``spp.carpool.services.guarantee``)."""

from django.db import transaction

from spp.carpool.models import RideSearch
from spp.carpool.services.stats import stats_search_unmatched


def ride_search_record(*, actor, line, direction: str, boarding_stop, alighting_stop,
                       window_start, window_end, seats: int, matches: int,
                       channel: str = RideSearch.Channel.WEB, phone: str = "",
                       offered_trips: list[int] | None = None) -> RideSearch:
    """One row per search made (signed-in or by SMS); ``actor`` may be None (an SMS from an
    unknown number). ``offered_trips``: the trips an SMS answer listed, for "RESA n"."""
    fields = dict(
        line=line, passenger=actor if actor is not None and actor.is_authenticated else None,
        direction=direction, boarding_stop=boarding_stop, alighting_stop=alighting_stop,
        window_start=window_start, window_end=window_end, seats=seats, matches=matches,
        channel=channel, phone=phone, offered_trips=offered_trips or [])
    if matches:
        # One INSERT is atomic by itself: no transaction to open and commit around it.
        return RideSearch.objects.create(**fields)
    with transaction.atomic():
        search = RideSearch.objects.create(**fields)
        stats_search_unmatched(search)
    return search
