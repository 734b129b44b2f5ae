"""The carpool app's part of a person's own data (``spp.core.personal_data``): the trips they
offered and the seats they booked, for the export they download; and what their erasure does
here. Called through ``CarpoolConfig``.

On erasure, what is still to come is cancelled through the services (the other occupants are
told, as for any cancellation); what happened stays, linked to the pseudonymous account, since
a journey is also the other occupant's and the proof the authority's allowance rests on. The
phone numbers of SMS searches are blanked and the searches unlinked."""

from django.utils import timezone

from spp.carpool.models import Booking, RideSearch, Trip


def personal_data_sections(user) -> dict:
    return {
        "covoiturage_trajets_proposes": [
            {"ligne": trip.line.name, "depart": trip.departure_stop.name,
             "arrivee": trip.arrival_stop.name, "le": trip.departs_at, "places": trip.seats,
             "etat": trip.get_status_display(), "etat_code": trip.status}
            for trip in Trip.objects.filter(driver=user).select_related(
                "line", "departure_stop", "arrival_stop").order_by("departs_at")],
        "covoiturage_reservations": [
            {"ligne": booking.trip.line.name, "montee": booking.boarding_stop.name,
             "descente": booking.alighting_stop.name, "le": booking.boards_at,
             "places": booking.seats, "participation_aux_frais": booking.contribution,
             "etat": booking.get_status_display(), "etat_code": booking.status}
            for booking in Booking.objects.filter(passenger=user).select_related(
                "trip__line", "boarding_stop", "alighting_stop").order_by("boards_at")],
    }


def personal_data_erase(user) -> None:
    from spp.carpool.services import booking_cancel, trip_cancel

    now = timezone.now()
    for trip in Trip.objects.filter(driver=user, status=Trip.Status.PUBLISHED,
                                    departs_at__gt=now):
        trip_cancel(actor=user, trip=trip, reason="", now=now)
    for booking in Booking.objects.filter(passenger=user, status=Booking.Status.BOOKED,
                                          boards_at__gt=now).select_related("trip__driver"):
        booking_cancel(actor=user, booking=booking, now=now)
    RideSearch.objects.filter(passenger=user).update(passenger=None, phone="")
