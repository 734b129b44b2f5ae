from spp.carpool.selectors.lines import (
    line_by_stop_names,
    line_geometry,
    line_stops,
    lines_of_service,
    stop_choices,
)
from spp.carpool.selectors.search import TripMatch, trips_matching
from spp.carpool.selectors.trips import bookings_of_passenger, trip_with_bookings, trips_of_driver

__all__ = ["TripMatch", "bookings_of_passenger", "line_by_stop_names", "line_geometry",
           "line_stops", "lines_of_service", "stop_choices", "trip_with_bookings",
           "trips_matching", "trips_of_driver"]
