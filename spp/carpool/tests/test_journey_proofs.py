"""Confirming a journey at the stop: the code, the positions, the proof's class, the ledger,
the driver's allowance, and what happens to bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from spp.carpool import selectors, services
from spp.carpool.models import Booking, DriverMonthIncentive, JourneyProof
from spp.carpool.tests.factories import LineFactory, book, publish_trip, tariff_for
from spp.catalog.models import Participation

pytestmark = pytest.mark.django_db

AT_VOIRON_STATION = (Decimal("45.363950"), Decimal("5.589400"))
IN_GRENOBLE = (Decimal("45.188500"), Decimal("5.724500"))


def _booking(**tariff):
    line = LineFactory()
    tariff_for(line, **tariff)
    return book(publish_trip(line))


def _by_driver(booking, code=None, position=(None, None), now=None):
    return services.journey_confirm_by_driver(
        actor=booking.trip.driver, booking=booking,
        geometry=selectors.line_geometry(booking.trip.line), code=code or booking.code,
        latitude=position[0], longitude=position[1], now=now or booking.boards_at)


def _by_passenger(booking, position=(None, None), now=None):
    return services.journey_confirm_by_passenger(
        actor=booking.passenger, booking=booking,
        geometry=selectors.line_geometry(booking.trip.line), latitude=position[0],
        longitude=position[1], now=now or booking.boards_at)


def test_the_code_alone_proves_the_matching_class_a_and_writes_both_ledgers():
    booking = _booking()
    proof = _by_driver(booking)
    assert proof.proof_class == "A"
    assert proof.distance_m == 15300
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    rows = Participation.objects.filter(kind="journey", unit="km")
    assert sorted((row.user_id, row.quantity) for row in rows) == sorted(
        [(booking.passenger_id, Decimal("15.30")), (booking.trip.driver_id, Decimal("15.30"))])


def test_a_retry_of_the_code_records_nothing_twice():
    booking = _booking()
    _by_driver(booking)
    booking.refresh_from_db()
    _by_driver(booking)
    assert JourneyProof.objects.count() == 1
    assert Participation.objects.count() == 2


def test_one_occupants_position_near_the_stop_makes_class_b_both_make_class_c():
    booking = _booking()
    assert _by_driver(booking, position=AT_VOIRON_STATION).proof_class == "B"
    booking.refresh_from_db()
    assert _by_passenger(booking, position=AT_VOIRON_STATION).proof_class == "C"


def test_the_passenger_may_confirm_first_and_the_code_still_decides():
    booking = _booking()
    early = _by_passenger(booking, position=AT_VOIRON_STATION)
    assert early.code_confirmed_at is None
    assert not Participation.objects.exists()
    booking.refresh_from_db()
    assert _by_driver(booking).proof_class == "B"


def test_a_position_far_from_the_stop_is_not_evidence_and_is_flagged():
    booking = _booking()
    proof = _by_driver(booking, position=IN_GRENOBLE)
    assert proof.proof_class == "A" and proof.driver_latitude is None
    booking.refresh_from_db()
    assert [flag["code"] for flag in booking.flags] == ["far_from_stop"]
    assert "km de l’arrêt « Voiron — Gare »" in booking.flags[0]["reason"]


def test_a_wrong_code_is_refused_and_the_fifth_locks_and_flags_the_booking():
    booking = _booking()
    for _ in range(5):
        with pytest.raises(ValidationError, match="ne correspond pas"):
            _by_driver(booking, code="0000" if booking.code != "0000" else "1111")
    booking.refresh_from_db()
    assert booking.code_failures == 5
    assert [flag["code"] for flag in booking.flags] == ["code_failures"]
    with pytest.raises(ValidationError, match="bloquée"):
        _by_driver(booking)
    assert not JourneyProof.objects.exists() and not Participation.objects.exists()


def test_a_code_typed_long_after_the_trip_is_refused():
    booking = _booking()
    with pytest.raises(ValidationError, match="3 heures après"):
        _by_driver(booking, now=booking.boards_at + timedelta(hours=4))
    with pytest.raises(ValidationError, match="30 minutes avant"):
        _by_driver(booking, now=booking.boards_at - timedelta(hours=1))


def test_a_cancelled_booking_cannot_be_confirmed():
    booking = _booking()
    services.booking_cancel(actor=booking.passenger, booking=booking,
                            now=booking.boards_at - timedelta(hours=2))
    booking.refresh_from_db()
    with pytest.raises(ValidationError, match="annulée"):
        _by_driver(booking)


def test_only_the_driver_types_the_code():
    booking = _booking()
    with pytest.raises(ValidationError, match="Seul le conducteur"):
        services.journey_confirm_by_driver(
            actor=booking.passenger, booking=booking,
            geometry=selectors.line_geometry(booking.trip.line), code=booking.code,
            now=booking.boards_at)


def test_the_allowance_is_granted_once_within_the_monthly_cap():
    booking = _booking(share="0.10", incentive="1.50", cap="1.00")
    proof = _by_driver(booking)
    assert proof.driver_incentive == Decimal("1.00")
    assert "plafond mensuel" in proof.incentive_explained
    row = DriverMonthIncentive.objects.get()
    assert (row.granted, row.cap) == (Decimal("1.00"), Decimal("1.00"))
