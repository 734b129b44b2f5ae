"""Lawful cost sharing on known examples, computed by hand.

The test line: Voiron → Moirans 7.20 km, Moirans → Voreppe 8.10 km (15.30 km). A 5 CV car
in the tax scale's first band: 0.636 € per km, so the whole trip costs 15.30 × 0.636 =
9.7308 → 9.73 € (rounded down: a ceiling is never passed by rounding)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from spp.carpool import services, sharing
from spp.carpool.models import LineTariff
from spp.carpool.tests.factories import (
    LineFactory,
    book,
    coordinator_of,
    publish_trip,
    tariff_for,
    tomorrow_at,
)

pytestmark = pytest.mark.django_db


def test_the_share_per_km_is_what_a_passenger_pays_when_below_the_costs():
    line = LineFactory()
    tariff_for(line, share="0.10")
    booking = book(publish_trip(line))
    assert booking.contribution == Decimal("1.53")  # 15.30 km × 0.10 €
    assert "15,30 km × 0,100 €" in booking.contribution_explained


def test_a_passenger_never_pays_more_than_the_costs_of_the_trip():
    line = LineFactory()
    tariff_for(line, share="0.90")  # 13.77 € wanted for the whole line
    trip = publish_trip(line)
    first = book(trip)
    assert first.contribution == Decimal("9.73")
    assert "R3132-1" in first.contribution_explained
    # What the passengers pay together stays within the trip's costs: nothing is left.
    second = book(trip)
    assert second.contribution == Decimal("0.00")


def test_an_electric_car_costs_a_fifth_more_in_the_scale():
    line = LineFactory()
    tariff_for(line, share="0.90")
    booking = book(publish_trip(line, electric=True))
    assert booking.contribution == Decimal("11.67")  # 15.30 × 0.636 × 1.2 = 11.677


def test_tolls_and_parking_are_shared_in_proportion_to_the_distance():
    line = LineFactory()
    tariff_for(line, share="0.90")
    trip = publish_trip(line, tolls=Decimal("2.00"), parking=Decimal("1.00"))
    booking = book(trip, boarding=1)  # Moirans → Voreppe, 8.10 km
    # 8.10 × 0.636 = 5.1516, plus 3.00 × 8.10 / 15.30 = 1.5882: 6.7398 → 6.73
    assert booking.contribution == Decimal("6.73")


def test_a_line_without_tariff_asks_nothing_of_passengers():
    line = LineFactory()
    assert book(publish_trip(line)).contribution == Decimal("0")


def test_the_tariff_in_force_is_the_latest_started_on_the_trips_day():
    line = LineFactory()
    tariff_for(line, share="0.10")
    later = tomorrow_at(7).date() + timedelta(days=2)
    tariff_for(line, share="0.20", valid_from=later)
    assert book(publish_trip(line)).contribution == Decimal("1.53")
    trip = publish_trip(line, departs_at=tomorrow_at(7, 30) + timedelta(days=2))
    assert book(trip).contribution == Decimal("3.06")


def _incentive(trip, *, incentive, paid, granted="0", month_left="1000"):
    tariff = LineTariff(passenger_share_per_km=Decimal("0.10"),
                        incentive_per_passenger=Decimal(incentive),
                        monthly_incentive_cap=Decimal("1000"))
    return sharing.driver_incentive(
        trip=trip, tariff=tariff, trip_km=Decimal("15.30"), seats=1, paid_on_trip=Decimal(paid),
        granted_on_trip=Decimal(granted), month_left=Decimal(month_left),
        rate=sharing.scale_rate("5cv", False, tomorrow_at(7).date()))


def test_the_drivers_allowance_never_exceeds_costs_minus_what_passengers_paid():
    trip = publish_trip(LineFactory())
    assert _incentive(trip, incentive="1.50", paid="1.53").amount == Decimal("1.50")
    capped = _incentive(trip, incentive="9.00", paid="1.53")
    assert capped.amount == Decimal("8.20")  # 9.73 − 1.53
    assert "R3132-3" in capped.explained
    assert _incentive(trip, incentive="9.00", paid="1.53", granted="8.20").amount == 0


def test_the_drivers_allowance_stops_at_the_monthly_cap():
    trip = publish_trip(LineFactory())
    capped = _incentive(trip, incentive="1.50", paid="0", month_left="0.40")
    assert capped.amount == Decimal("0.40")
    assert "plafond mensuel" in capped.explained


def test_a_share_per_km_above_any_cars_costs_is_refused_as_a_price():
    line = LineFactory()
    with pytest.raises(ValidationError, match="ce serait un prix"):
        services.line_tariff_add(
            actor=coordinator_of(line.service), line=line, valid_from=tomorrow_at(7).date(),
            passenger_share_per_km=Decimal("1.20"), incentive_per_passenger=Decimal("0"),
            monthly_incentive_cap=Decimal("0"))
    assert not LineTariff.objects.exists()


def test_an_unknown_vehicle_is_refused_with_the_reason():
    with pytest.raises(ValidationError, match="barème kilométrique"):
        publish_trip(LineFactory(), vehicle_class="fusée")
