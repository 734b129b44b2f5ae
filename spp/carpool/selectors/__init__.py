from spp.carpool.selectors.lines import (
    line_geometry,
    line_stops,
    lines_of_service,
)
from spp.carpool.selectors.search import TripMatch, trips_matching
from spp.carpool.selectors.trips import (
    booking_rows_of_passenger,
    trip_with_bookings,
    trips_of_driver,
    with_links,
)

__all__ = ["TripMatch", "booking_rows_of_passenger", "line_geometry",
           "line_stops", "lines_of_service", "trip_with_bookings",
           "trips_matching", "trips_of_driver", "with_links"]
