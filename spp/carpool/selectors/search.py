"""Finding trips for a passenger: the trips of a line that pass the boarding stop within the
time window, in the direction that goes from boarding to alighting, covering both stops, with
enough seats left.

A trip stores ``origin_at`` (when it would have left the line's first stop in its direction)
and the ranks of the stops it covers, so the search is one range scan on the partial index
``(line, direction, origin_at) WHERE status = 'published'``: a window [t1, t2] at a stop whose
offset from the first stop is m minutes is the window [t1 − m, t2 − m] on ``origin_at``."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F

from spp.carpool.geometry import LineGeometry
from spp.carpool.models import Trip

SEARCH_LIMIT = 30


@dataclass
class TripMatch:
    trip: Trip
    boards_at: object
    alights_at: object
    km: object


def trips_matching(*, line, geometry: LineGeometry, boarding_id: int, alighting_id: int,
                   window_start, window_end, seats: int = 1, now=None,
                   exclude_driver_id: int | None = None) -> list[TripMatch]:
    """The matching trips, soonest first (at most ``SEARCH_LIMIT``), each with its driver's
    first name (``driver_first_name``: the results show nothing else of the driver, so no
    person's row is read and built per trip)."""
    direction = geometry.direction_between(boarding_id, alighting_id)
    if direction is None:
        return []
    boarding = geometry.offset(direction, boarding_id)
    alighting = geometry.offset(direction, alighting_id)
    start = window_start - timedelta(minutes=boarding.minutes)
    end = window_end - timedelta(minutes=boarding.minutes)
    trips = (Trip.objects.filter(line=line, direction=direction, status=Trip.Status.PUBLISHED,
                                 origin_at__gte=start, origin_at__lte=end,
                                 from_rank__lte=boarding.rank, to_rank__gte=alighting.rank,
                                 seats__gte=F("seats_taken") + seats)
             .annotate(driver_first_name=F("driver__first_name")).order_by("origin_at", "id"))
    if now is not None:
        trips = trips.filter(origin_at__gte=now - timedelta(minutes=boarding.minutes))
    if exclude_driver_id is not None:
        trips = trips.exclude(driver_id=exclude_driver_id)
    return [TripMatch(trip=trip,
                      boards_at=trip.origin_at + timedelta(minutes=boarding.minutes),
                      alights_at=trip.origin_at + timedelta(minutes=alighting.minutes),
                      km=alighting.km - boarding.km)
            for trip in trips[:SEARCH_LIMIT]]
