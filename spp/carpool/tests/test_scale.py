"""The benchmark's data at a tiny size: written past the services, but with every kept field
as the services would keep it."""

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from spp.carpool import scale, selectors, sharing
from spp.carpool.models import (
    Booking,
    DriverMonthIncentive,
    FlaggedBooking,
    JourneyProof,
    Line,
    LineHourStat,
    RideSearch,
    Trip,
)
from spp.catalog.models import Enrolment, Participation
from spp.core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    written = scale.generate(count=120, rng=random.Random(7), log=lambda _text: None)
    assert written > 0
    return Line.objects.get(service__slug=scale.SLUG)


def test_trips_keep_their_ranks_origin_and_seats_taken(seeded):
    geometry = selectors.line_geometry(seeded)
    trips = list(Trip.objects.filter(line=seeded))
    assert len(trips) == 120
    live = dict(Booking.objects.filter(trip__line=seeded, status__in=Booking.LIVE)
                .values_list("trip_id").annotate(seats=Sum("seats")))
    for trip in trips:
        start = geometry.offset(trip.direction, trip.departure_stop_id)
        end = geometry.offset(trip.direction, trip.arrival_stop_id)
        assert (trip.from_rank, trip.to_rank) == (start.rank, end.rank)
        assert trip.origin_at == trip.departs_at - timedelta(minutes=start.minutes)
        assert trip.seats_taken == live.get(trip.pk, 0) <= trip.seats


def test_contributions_and_incentives_stay_within_the_law_and_the_caps(seeded):
    geometry = selectors.line_geometry(seeded)
    for trip in Trip.objects.filter(line=seeded).prefetch_related("bookings"):
        rate = sharing.scale_rate(trip.vehicle_class, trip.electric, trip.departs_at.date())
        costs = sharing.trip_costs(trip, geometry.km_between(
            trip.direction, trip.departure_stop_id, trip.arrival_stop_id), rate)
        paid = sum(b.contribution for b in trip.bookings.all() if b.status in Booking.LIVE)
        assert paid <= costs
    granted = defaultdict(Decimal)
    for proof in JourneyProof.objects.select_related("booking__trip"):
        trip = proof.booking.trip
        granted[(trip.driver_id, trip.departs_at.date().replace(day=1))] += proof.driver_incentive
    rows = {(row.driver_id, row.month): row for row in DriverMonthIncentive.objects.all()}
    assert {key: row.granted for key, row in rows.items() if row.granted} == {
        key: value for key, value in granted.items() if value}
    assert all(row.granted <= row.cap for row in rows.values())


def test_each_confirmed_journey_has_its_proof_and_both_ledger_rows(seeded):
    completed = Booking.objects.filter(trip__line=seeded, status="completed")
    assert completed.exists()
    assert JourneyProof.objects.count() == completed.count()
    assert Participation.objects.filter(kind="journey", service=seeded.service).count() == (
        2 * completed.count())


def test_the_dashboard_counters_add_up_to_the_rows(seeded):
    totals = LineHourStat.objects.filter(line=seeded).aggregate(
        trips=Sum("trips"), bookings=Sum("bookings"), completed=Sum("completed"),
        unmatched=Sum("unmatched_searches"))
    assert totals == {
        "trips": Trip.objects.filter(line=seeded, status="published").count(),
        "bookings": Booking.objects.filter(trip__line=seeded).count(),
        "completed": Booking.objects.filter(trip__line=seeded, status="completed").count(),
        "unmatched": RideSearch.objects.filter(line=seeded, matches=0).count()}
    flagged = Booking.objects.filter(trip__line=seeded).exclude(flags=[])
    assert set(FlaggedBooking.objects.filter(line=seeded).values_list("booking_id", flat=True)) == (
        set(flagged.values_list("id", flat=True)))


def test_the_benchmarked_people_exist_and_a_second_run_adds_nothing(seeded):
    driver = User.objects.get(email=scale.DRIVER)
    assert Trip.objects.filter(driver=driver).count() == scale.DRIVER_TRIPS
    passenger = User.objects.get(email=scale.PASSENGER)
    assert Enrolment.objects.filter(user=passenger, status="active").exists()
    assert User.objects.filter(email=scale.COORDINATOR).exists()
    assert Booking.objects.values("trip", "passenger").annotate(n=Count("id")).filter(
        n__gt=1).count() == 0
    assert scale.generate(count=120, rng=random.Random(7), log=lambda _text: None) == 0
