"""A driver's trips and a passenger's bookings, as their pages list them."""

from django.db.models import Count, Q

from spp.carpool.models import Booking, Trip


def trips_of_driver(user, *, upcoming_from=None):
    """The driver's trips, newest departure first, with their live bookings counted (the
    ``carpool_trip_driver_idx`` index serves the order)."""
    trips = (Trip.objects.filter(driver=user)
             .select_related("line__service", "departure_stop", "arrival_stop")
             .annotate(live_bookings=Count("bookings",
                                           filter=Q(bookings__status__in=Booking.LIVE))))
    if upcoming_from is not None:
        trips = trips.filter(departs_at__gte=upcoming_from).order_by("departs_at", "id")
    else:
        trips = trips.order_by("-departs_at", "-id")
    return trips


def bookings_of_passenger(user):
    return (Booking.objects.filter(passenger=user)
            .select_related("trip__line__service", "trip__driver", "boarding_stop",
                            "alighting_stop", "proof")
            .order_by("-boards_at", "-id"))


def trip_with_bookings(trip):
    """The trip's bookings (live first), for its driver's page."""
    return list(Booking.objects.filter(trip=trip)
                .select_related("passenger", "boarding_stop", "alighting_stop", "proof")
                .order_by("boards_at", "id"))


