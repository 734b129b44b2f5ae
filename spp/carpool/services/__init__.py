from spp.carpool.services.bookings import booking_cancel, booking_create
from spp.carpool.services.demand import ride_search_record
from spp.carpool.services.guarantee import ride_guarantee_request, ride_guarantee_settle
from spp.carpool.services.lines import line_save, line_stops_set, line_tariff_add
from spp.carpool.services.proofs import journey_confirm_by_driver, journey_confirm_by_passenger
from spp.carpool.services.trips import trip_cancel, trip_publish

__all__ = ["booking_cancel", "booking_create", "journey_confirm_by_driver",
           "journey_confirm_by_passenger", "line_save", "line_stops_set", "line_tariff_add",
           "ride_guarantee_request", "ride_guarantee_settle", "ride_search_record",
           "trip_cancel", "trip_publish"]
