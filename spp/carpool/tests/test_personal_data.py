"""A person's carpool data in their export, and what their erasure cancels."""

import pytest

from spp.carpool.models import Booking, RideSearch, Trip
from spp.carpool.tests.factories import LineFactory, book, publish_trip
from spp.core.models import Notification
from spp.core.personal_data import personal_data_export
from spp.core.services import user_erase

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_trips_offered_and_the_seats_booked():
    booking = book(publish_trip(LineFactory()))
    driver_data = personal_data_export(booking.trip.driver)
    passenger_data = personal_data_export(booking.passenger)
    assert driver_data["covoiturage_trajets_proposes"][0]["depart"] == "Voiron — Gare"
    assert passenger_data["covoiturage_reservations"][0]["descente"] == "Voreppe — Centre"


def test_erasing_a_driver_cancels_their_coming_trips_and_tells_the_passengers():
    booking = book(publish_trip(LineFactory()))
    RideSearch.objects.create(line=booking.trip.line, passenger=booking.trip.driver,
                              direction="outbound", boarding_stop=booking.boarding_stop,
                              alighting_stop=booking.alighting_stop,
                              window_start=booking.boards_at, window_end=booking.alights_at,
                              phone="+33600000000")
    user_erase(user=booking.trip.driver)
    assert Trip.objects.get().status == Trip.Status.CANCELLED
    assert Booking.objects.get().status == Booking.Status.CANCELLED_BY_DRIVER
    assert Notification.objects.filter(recipient=booking.passenger).exists()
    assert RideSearch.objects.get().passenger is None and RideSearch.objects.get().phone == ""
