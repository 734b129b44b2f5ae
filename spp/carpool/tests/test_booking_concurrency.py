"""Two passengers can never get the same last seat, and a double tap books once: the database
decides (real threads, each with its own PostgreSQL connection, released at the same
instant).

The server allows a hundred connections, shared with the test's own and anything else
running: the 200 bookings start together and go through at most ``POOL`` connections at a
time, as 200 requests at once reach a server through its pool of workers."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from spp.carpool import selectors, services
from spp.carpool.models import Booking, LineHourStat, Trip
from spp.carpool.tests.factories import LineFactory, publish_trip, stops_of, tariff_for
from spp.ops.query_counts import at_once, enrol, users

POOL = 40


@pytest.fixture(autouse=True)
def _tax_scale(tax_scale):
    """The contributions need the tax scale (spp/carpool/tests/conftest.py)."""


def _book(trip_id: int, passenger, pool: threading.Semaphore):
    """One passenger's booking from the first stop to the last, from a connection of its
    own; the booking's id, or the refusal's code."""
    with pool:
        try:
            trip = Trip.objects.select_related("line__service", "departure_stop",
                                               "arrival_stop").get(pk=trip_id)
            stops = stops_of(trip.line)
            booking = services.booking_create(
                actor=passenger, trip=trip, geometry=selectors.line_geometry(trip.line),
                boarding_stop=stops[0], alighting_stop=stops[-1])
            return booking.pk
        except ValidationError as error:
            return error.code
        finally:
            connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_bookings_of_3_seats_end_with_3_bookings():
    line = LineFactory()
    tariff_for(line)
    trip = publish_trip(line, seats=3)
    passengers = users(200, prefix="rush")
    enrol(passengers, [line.service])
    pool = threading.Semaphore(POOL)
    outcomes = at_once([lambda p=p: _book(trip.pk, p, pool) for p in passengers])
    assert len(outcomes) == 200
    booked = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(booked) == 3
    assert sorted(o for o in outcomes if not isinstance(o, int)) == ["full"] * 197
    trip.refresh_from_db()
    assert trip.seats_taken == 3
    assert Booking.objects.filter(trip=trip, status="booked").count() == 3
    stat = LineHourStat.objects.get(line=line, direction="outbound")
    assert (stat.bookings, stat.booked_seats) == (3, 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_at_the_same_instant_books_once():
    line = LineFactory()
    tariff_for(line)
    trip = publish_trip(line, seats=3)
    [passenger] = users(1, prefix="tap")
    enrol([passenger], [line.service])
    pool = threading.Semaphore(2)
    outcomes = at_once([lambda: _book(trip.pk, passenger, pool) for _ in range(2)])
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int)
    trip.refresh_from_db()
    assert trip.seats_taken == 1
    assert Booking.objects.filter(trip=trip).count() == 1
    assert LineHourStat.objects.get(line=line, direction="outbound").booked_seats == 1
