"""A driver's trips and a passenger's bookings, as their pages list them."""

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from spp.carpool.models import Booking, Trip
from spp.core.links import link_for_pk


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


TRIP_ROW = ("pk", "departs_at", "status", "seats", "seats_taken", "line__name",
            "departure_stop__name", "arrival_stop__name")
BOOKING_ROW = ("pk", "boards_at", "status", "trip__line__name", "boarding_stop__name",
               "alighting_stop__name")


def trip_rows_of_driver(user):
    """The driver's trips as the "Mes trajets" list shows them, newest departure first
    (``carpool_trip_driver_idx``): plain values, the stops and line joined, no model built
    per row; ``with_links`` completes each row of the page shown."""
    return Trip.objects.filter(driver=user).order_by("-departs_at", "-id").values(*TRIP_ROW)


def booking_rows_of_passenger(user, limit: int) -> list[dict]:
    """The person's newest ``limit`` bookings as the same page lists them, with their links."""
    return with_links(list(Booking.objects.filter(passenger=user)
                           .order_by("-boards_at", "-id").values(*BOOKING_ROW)[:limit]),
                      Booking)


def with_links(rows: list[dict], model) -> list[dict]:
    """Each row's address, status label and time, for rows of ``Trip`` or ``Booking`` values:
    the address reversed once for the list (not once per row), the labels read from the
    model's choices, the departure (a trip) or boarding (a booking) time written as the
    page's ``date`` filter would, and a trip's seats sentence translated once for the list."""
    name = "carpool:trip_detail" if model is Trip else "carpool:booking_detail"
    link = link_for_pk(name)
    labels = dict(model.Status.choices)
    moment = "departs_at" if model is Trip else "boards_at"
    seats = _("%(taken)s/%(seats)s places réservées") if model is Trip else ""
    for row in rows:
        row["url"] = link(row["pk"])
        row["status_label"] = labels.get(row["status"], row["status"])
        row["when"] = date_format(localtime(row[moment]), "l j F Y, H:i")
        if seats:
            row["seats_text"] = seats % {"taken": row["seats_taken"], "seats": row["seats"]}
    return rows


def trip_with_bookings(trip):
    """The trip's bookings (live first), for its driver's page."""
    return list(Booking.objects.filter(trip=trip)
                .select_related("passenger", "boarding_stop", "alighting_stop", "proof")
                .order_by("boards_at", "id"))


