"""Publishing trips, finding them and booking their seats, as drivers and passengers do."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spp.carpool import selectors, services
from spp.carpool.models import Booking, Direction, Trip
from spp.carpool.tests.factories import (
    LineFactory,
    book,
    contributor_of,
    publish_trip,
    stops_of,
    tariff_for,
    tomorrow_at,
)
from spp.core.models import Notification
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _search(line, boarding, alighting, start, end, **kwargs):
    return selectors.trips_matching(line=line, geometry=selectors.line_geometry(line),
                                    boarding_id=boarding.pk, alighting_id=alighting.pk,
                                    window_start=start, window_end=end, **kwargs)


def test_a_trip_keeps_where_a_search_finds_it_in_both_directions():
    line = LineFactory()
    voiron, moirans, voreppe = stops_of(line)
    outbound = publish_trip(line, departs_at=tomorrow_at(7, 30))
    back = publish_trip(line, departs_at=tomorrow_at(17, 30), reverse=True)
    assert (outbound.direction, outbound.from_rank, outbound.to_rank) == ("outbound", 1, 3)
    assert (back.direction, back.from_rank, back.to_rank) == ("return", -3, -1)
    # Outbound passes Moirans ten minutes after Voiron; back passes it nine after Voreppe.
    found = _search(line, moirans, voreppe, tomorrow_at(7, 35), tomorrow_at(7, 45))
    assert [(m.trip, m.boards_at, m.km) for m in found] == [
        (outbound, tomorrow_at(7, 40), Decimal("8.10"))]
    found = _search(line, moirans, voiron, tomorrow_at(17, 30), tomorrow_at(17, 45))
    assert [(m.trip, m.boards_at) for m in found] == [(back, tomorrow_at(17, 39))]


def test_a_search_leaves_out_trips_outside_the_window_the_other_way_or_short_of_a_stop():
    line = LineFactory()
    voiron, moirans, voreppe = stops_of(line)
    publish_trip(line, departs_at=tomorrow_at(9, 0))  # too late
    publish_trip(line, departs_at=tomorrow_at(7, 30), reverse=True)  # other way
    geometry = selectors.line_geometry(line)
    services.trip_publish(  # stops at Moirans, before the passenger's stop
        actor=contributor_of(line.service), line=line, geometry=geometry,
        departure_stop=voiron, arrival_stop=moirans, departs_at=tomorrow_at(7, 31), seats=2,
        vehicle_class="5cv")
    full = publish_trip(line, departs_at=tomorrow_at(7, 32), seats=1)
    book(full)
    assert _search(line, voiron, voreppe, tomorrow_at(7, 0), tomorrow_at(8, 0)) == []


def test_a_trip_in_the_past_or_outside_the_line_hours_is_refused_with_the_reason():
    line = LineFactory()
    with pytest.raises(ValidationError, match="déjà passé"):
        publish_trip(line, departs_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="fonctionne de 05:00 à 22:00"):
        publish_trip(line, departs_at=tomorrow_at(23, 0))
    assert not Trip.objects.exists()


def test_a_weekly_trip_publishes_one_trip_per_chosen_day_and_a_retry_adds_none():
    line = LineFactory()
    first = tomorrow_at(7, 30)
    last_day = (first + timedelta(days=13)).date()
    kwargs = dict(actor=contributor_of(line.service), line=line,
                  geometry=selectors.line_geometry(line), departure_stop=stops_of(line)[0],
                  arrival_stop=stops_of(line)[2], departs_at=first, seats=3,
                  vehicle_class="5cv", weekdays=[0, 1, 2, 3, 4], last_day=last_day)
    made = services.trip_publish(**kwargs)
    assert len(made) == 10
    assert {timezone.localtime(trip.departs_at).weekday() for trip in made} <= {0, 1, 2, 3, 4}
    assert {timezone.localtime(trip.departs_at).time().isoformat() for trip in made} == {"07:30:00"}
    with pytest.raises(ValidationError, match="déjà un trajet"):
        services.trip_publish(**kwargs)
    assert Trip.objects.count() == 10


def test_only_an_active_contributor_may_offer_a_trip():
    line = LineFactory()
    with pytest.raises(ValidationError, match="inscrit"):
        publish_trip(line, driver=UserFactory())


def test_a_booking_takes_its_seats_and_a_retry_returns_the_same_booking():
    line = LineFactory()
    tariff_for(line, share="0.10")
    trip = publish_trip(line, seats=3)
    passenger = contributor_of(line.service)
    first = book(trip, passenger, boarding=1, seats=2)
    again = book(trip, passenger, boarding=1, seats=2)
    assert first == again
    trip.refresh_from_db()
    assert trip.seats_taken == 2
    # 8.10 km × 0.10 € × 2 seats, below the 5 CV scale's costs for that part.
    assert first.contribution == Decimal("1.62")
    assert first.boards_at == tomorrow_at(7, 40)
    assert Notification.objects.filter(recipient=trip.driver, title__contains="réservation")


def test_the_last_seat_goes_to_one_passenger_only():
    line = LineFactory()
    trip = publish_trip(line, seats=1)
    book(trip)
    with pytest.raises(ValidationError, match="plus assez de places"):
        book(trip)
    assert Booking.objects.filter(trip=trip).count() == 1


def test_alighting_before_boarding_is_refused_and_nothing_is_booked():
    line = LineFactory()
    trip = publish_trip(line)
    with pytest.raises(ValidationError, match="choisissez une descente après la montée"):
        book(trip, boarding=2, alighting=0)
    trip.refresh_from_db()
    assert trip.seats_taken == 0 and not Booking.objects.exists()


def test_a_driver_cannot_book_their_own_trip():
    line = LineFactory()
    trip = publish_trip(line)
    with pytest.raises(ValidationError, match="conducteur de ce trajet"):
        book(trip, trip.driver)


def test_a_cancelled_trip_cancels_its_bookings_and_tells_each_passenger():
    line = LineFactory()
    trip = publish_trip(line)
    booking = book(trip)
    services.trip_cancel(actor=trip.driver, trip=trip, reason="Voiture en panne.")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED_BY_DRIVER
    note = Notification.objects.get(recipient=booking.passenger)
    assert "annulé" in note.title and "Voiture en panne." in note.body
    assert _search(line, stops_of(line)[0], stops_of(line)[2], tomorrow_at(7, 0),
                   tomorrow_at(8, 0)) == []


def test_a_passenger_cancelling_gives_the_seat_back():
    line = LineFactory()
    trip = publish_trip(line, seats=1)
    booking = book(trip)
    services.booking_cancel(actor=booking.passenger, booking=booking)
    trip.refresh_from_db()
    assert trip.seats_taken == 0
    assert book(trip).status == Booking.Status.BOOKED


def test_return_trip_direction_is_named_return():
    line = LineFactory()
    trip = publish_trip(line, reverse=True)
    assert trip.direction == Direction.RETURN


@pytest.mark.parametrize(("before", "after"), [("waiting", "matched"),
                                               ("fallback_called", "fallback_called")])
def test_booking_from_a_search_settles_a_waiting_guarantee_and_no_other(before, after):
    from spp.carpool.models import RideSearch

    line = LineFactory()
    trip = publish_trip(line)
    passenger = contributor_of(line.service)
    voiron, _, voreppe = stops_of(line)
    search = RideSearch.objects.create(
        line=line, passenger=passenger, direction="outbound", boarding_stop=voiron,
        alighting_stop=voreppe, window_start=tomorrow_at(7), window_end=tomorrow_at(8),
        guarantee=before)
    book(trip, passenger, search=search)
    search.refresh_from_db()
    assert search.guarantee == after
