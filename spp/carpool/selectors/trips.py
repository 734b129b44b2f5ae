"""A driver's trips and a passenger's bookings, as their pages list them."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from spp.carpool.models import Booking, Trip
from spp.core.links import link_for_pk

TRIP_ROW = ("pk", "departs_at", "status", "seats", "seats_taken", "line__name",
            "departure_stop__name", "arrival_stop__name")
BOOKING_ROW = ("pk", "boards_at", "status", "trip__line__name", "boarding_stop__name",
               "alighting_stop__name")


def trips_of_driver(user):
    """The driver's trips, newest departure first (``carpool_trip_driver_idx``). "Mes trajets"
    pages their ``TRIP_ROW`` values (the stops and line joined, no model built per row;
    ``with_links`` completes each row of the page shown) and counts this queryset, which
    reads the index alone (``paginate(counted=...)``)."""
    return Trip.objects.filter(driver=user).order_by("-departs_at", "-id")


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


