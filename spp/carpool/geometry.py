"""A line's stops seen from one direction: each stop's rank (its position, negated going back)
and its travel time and distance from that first stop. Everything about where a trip
goes and when it passes a stop is arithmetic on these offsets; ``LineGeometry`` is built from
the stops of one line (a single query, see ``selectors.lines.line_geometry``)."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from spp.carpool.models import Direction


@dataclass(frozen=True)
class StopOffset:
    """``rank``: the stop's position, negated in the return direction, so that it grows
    along any trip (the ranks ``Trip.from_rank`` / ``to_rank`` store)."""

    stop_id: int
    name: str
    rank: int
    minutes: int
    km: Decimal


class LineGeometry:
    def __init__(self, stops):
        """``stops``: the line's stops ordered by position."""
        self.stops = list(stops)
        self._by_direction = {
            Direction.OUTBOUND: self._offsets(self.stops, 1),
            Direction.RETURN: self._offsets(list(reversed(self.stops)), -1),
        }

    @staticmethod
    def _offsets(ordered, sign: int):
        """Cumulative offsets along ``ordered``. A stop's ``minutes_from_previous`` is the leg
        between it and the stop before it in position order; going back, the same leg is
        found on the stop we leave."""
        offsets, minutes, km = {}, 0, Decimal("0")
        for index, stop in enumerate(ordered):
            if index:
                previous = ordered[index - 1]
                leg_owner = stop if stop.position > previous.position else previous
                minutes += leg_owner.minutes_from_previous
                km += leg_owner.km_from_previous
            offsets[stop.pk] = StopOffset(stop.pk, stop.name, sign * stop.position, minutes, km)
        return offsets

    def offset(self, direction: str, stop_id: int) -> StopOffset:
        return self._by_direction[direction][stop_id]

    def direction_between(self, boarding_id: int, alighting_id: int) -> str | None:
        """The direction in which ``boarding`` comes before ``alighting``; None for the same
        stop."""
        out = self._by_direction[Direction.OUTBOUND]
        if boarding_id == alighting_id:
            return None
        return (Direction.OUTBOUND if out[boarding_id].rank < out[alighting_id].rank
                else Direction.RETURN)

    def minutes_between(self, direction: str, from_id: int, to_id: int) -> int:
        return self.offset(direction, to_id).minutes - self.offset(direction, from_id).minutes

    def km_between(self, direction: str, from_id: int, to_id: int) -> Decimal:
        return self.offset(direction, to_id).km - self.offset(direction, from_id).km

    def passing_time(self, trip, stop_id: int):
        """When ``trip`` passes ``stop_id`` (its departure time plus the typical travel
        time)."""
        return trip.departs_at + timedelta(
            minutes=self.minutes_between(trip.direction, trip.departure_stop_id, stop_id))

    def ordered_stops(self, direction: str):
        return sorted(self.stops, key=lambda stop: self.offset(direction, stop.pk).rank)


EARTH_RADIUS_M = 6_371_000


def distance_m(lat1, lon1, lat2, lon2) -> int:
    """Great-circle distance in metres (haversine): enough to tell a position at the stop
    from one in another town."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(math.sqrt(a)))
