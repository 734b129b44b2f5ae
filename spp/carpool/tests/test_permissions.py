"""Every cell of docs/permissions.md's carpool table, checked against service_abilities(), and
the trips' and bookings' own rules: their driver, their passenger, nobody else."""

import pytest

from spp.carpool import permissions
from spp.carpool.tests.factories import LineFactory, book, contributor_of, publish_trip
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    assert_table_matches(
        "carpool.service", people, lambda person: permissions.service_abilities(person, service)
    )


def test_a_trip_is_its_drivers_and_a_booking_its_passengers():
    line = LineFactory()
    booking = book(publish_trip(line))
    trip = booking.trip
    stranger = contributor_of(line.service)
    assert permissions.trip_abilities(trip.driver, trip)["cancel"]
    assert not any(permissions.trip_abilities(stranger, trip).values())
    assert permissions.booking_abilities(booking.passenger, booking)["cancel"]
    driver_view = permissions.booking_abilities(trip.driver, booking)
    assert (driver_view["view"], driver_view["cancel"], driver_view["confirm"]) == (
        True, False, True)
    assert not any(permissions.booking_abilities(stranger, booking).values())
