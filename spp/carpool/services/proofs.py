"""Confirming a journey at the stop, and the proof it leaves.

The passenger's booking page shows a four-digit code; the driver types it on the trip's page.
That exchange proves the matching (class A). Each occupant may also share, when they consent,
their position and the time: one occupant's data near the boarding stop makes class B, both
occupants' data and two distinct identities make class C (the classes of the national carpool
proof registry). The first valid code completes the booking and writes the ledger (kilometres
shared) for both; the authority's allowance to the driver is granted then, within the law and
the line's monthly cap.

Bad input never records anything wrong: a wrong code is counted and, from the fifth, the
booking is flagged to the coordinator and the code refused; a code typed far from the trip's
time is refused; a position far from the stop is not counted as evidence and is flagged."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.carpool import sharing
from spp.carpool.geometry import LineGeometry, distance_m
from spp.carpool.models import Booking, BookingEvent, DriverMonthIncentive, JourneyProof, Trip
from spp.carpool.services.stats import stats_booking_completed, stats_booking_flagged
from spp.carpool.workflow import booking_transition
from spp.catalog.models import Participation
from spp.catalog.services import participation_record

PARIS = ZoneInfo("Europe/Paris")
CODE_OPENS_BEFORE = timedelta(minutes=30)
CODE_CLOSES_AFTER = timedelta(hours=3)
MAX_CODE_FAILURES = 5
NEAR_STOP_M = 1000


def _flag(booking: Booking, code: str, reason: str, now) -> None:
    """Adds a point for the coordinator's attention (kept even when the step is refused)."""
    with transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(
            flags=booking.flags + [{"code": code, "reason": reason, "at": now.isoformat()}])
        stats_booking_flagged(booking)
    booking.flags = booking.flags + [{"code": code, "reason": reason, "at": now.isoformat()}]


def _position_evidence(booking, latitude, longitude, now):
    """(latitude, longitude) if they are near the boarding stop, else None (and flagged)."""
    if latitude is None or longitude is None:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(_("Cette position n’existe pas."), code="bad_position")
    stop = booking.boarding_stop
    away = distance_m(latitude, longitude, stop.latitude, stop.longitude)
    if away > NEAR_STOP_M:
        _flag(booking, "far_from_stop",
              _("Position à %(km)s km de l’arrêt « %(stop)s » lors de la confirmation.")
              % {"km": sharing.fr(Decimal(away) / 1000, 1), "stop": stop.name}, now)
        return None
    return latitude, longitude


def _proof_class(proof: JourneyProof, booking: Booking) -> str:
    if proof.code_confirmed_at is None:
        return JourneyProof.ProofClass.A
    driver_data = proof.driver_latitude is not None
    passenger_data = proof.passenger_latitude is not None
    if driver_data and passenger_data and booking.passenger_id != booking.trip.driver_id:
        return JourneyProof.ProofClass.C
    if driver_data or passenger_data:
        return JourneyProof.ProofClass.B
    return JourneyProof.ProofClass.A


def _check_window(booking, now) -> None:
    if not booking.boards_at - CODE_OPENS_BEFORE <= now <= booking.boards_at + CODE_CLOSES_AFTER:
        raise ValidationError(
            _("La confirmation n’est possible que de 30 minutes avant le passage prévu à "
              "l’arrêt jusqu’à 3 heures après."), code="code_expired")


def _new_proof(booking, geometry: LineGeometry) -> JourneyProof:
    return JourneyProof(
        booking=booking, started_at=booking.boards_at, ended_at=booking.alights_at,
        distance_m=int(booking.distance_km * 1000),
        passenger_contribution=booking.contribution)


def _grant_incentive(proof: JourneyProof, booking: Booking, geometry: LineGeometry) -> None:
    """The authority's allowance for this passenger-trip (R3132-3, and the monthly cap, which
    the database holds with a check constraint on a row locked for the time of the grant)."""
    trip = booking.trip
    day = timezone.localdate(trip.departs_at, PARIS)
    tariff = sharing.tariff_in_force(trip.line_id, day)
    if tariff is None or not tariff.incentive_per_passenger:
        proof.incentive_explained = _("Cette ligne ne prévoit pas d’aide au conducteur.")
        return
    month = day.replace(day=1)
    DriverMonthIncentive.objects.get_or_create(
        line_id=trip.line_id, driver_id=trip.driver_id, month=month,
        defaults={"cap": tariff.monthly_incentive_cap})
    row = DriverMonthIncentive.objects.select_for_update().get(
        line_id=trip.line_id, driver_id=trip.driver_id, month=month)
    trip_km = geometry.km_between(trip.direction, trip.departure_stop_id, trip.arrival_stop_id)
    on_trip = Booking.objects.filter(trip=trip, status__in=Booking.LIVE)
    paid = on_trip.aggregate(total=Sum("contribution"))["total"] or Decimal("0")
    granted = (JourneyProof.objects.filter(booking__trip=trip)
               .aggregate(total=Sum("driver_incentive"))["total"] or Decimal("0"))
    incentive = sharing.driver_incentive(
        trip=trip, tariff=tariff, trip_km=trip_km, seats=booking.seats, paid_on_trip=paid,
        granted_on_trip=granted, month_left=row.cap - row.granted,
        rate=sharing.scale_rate(trip.vehicle_class, trip.electric, day))
    proof.driver_incentive = incentive.amount
    proof.incentive_explained = incentive.explained
    if incentive.amount:
        DriverMonthIncentive.objects.filter(pk=row.pk).update(
            granted=F("granted") + incentive.amount)


def _write_ledger(booking: Booking) -> None:
    trip = booking.trip
    description = _("Covoiturage %(board)s → %(alight)s") % {
        "board": booking.boarding_stop.name, "alight": booking.alighting_stop.name}
    for person, key in ((booking.passenger, f"carpool.booking:{booking.pk}"),
                        (trip.driver, f"carpool.booking-driver:{booking.pk}")):
        participation_record(user=person, service=trip.line.service,
                             kind=Participation.Kind.JOURNEY, quantity=booking.distance_km,
                             unit=Participation.Unit.KM, occurred_at=booking.boards_at,
                             source_key=key, description=description)


def journey_confirm_by_driver(*, actor, booking: Booking, geometry: LineGeometry, code: str,
                              latitude=None, longitude=None, now=None) -> JourneyProof:
    """The driver types the passenger's code (and shares their position if they consent)."""
    now = now or timezone.now()
    if booking.trip.driver_id != actor.pk:
        raise ValidationError(_("Seul le conducteur de ce trajet saisit le code."),
                              code="not_driver")
    if booking.status not in Booking.LIVE:
        raise ValidationError(_("Cette réservation a été annulée."), code="cancelled")
    _check_window(booking, now)
    if booking.code_failures >= MAX_CODE_FAILURES:
        raise ValidationError(
            _("Trop de codes erronés : la confirmation est bloquée et le coordinateur de la "
              "ligne prévenu."), code="code_locked")
    if (code or "").strip() != booking.code:
        Booking.objects.filter(pk=booking.pk).update(code_failures=F("code_failures") + 1)
        booking.code_failures += 1
        BookingEvent.objects.create(booking=booking, actor=actor, action="code_failed",
                                    status=booking.status)
        if booking.code_failures >= MAX_CODE_FAILURES:
            _flag(booking, "code_failures",
                  _("%(count)s codes erronés saisis par le conducteur.")
                  % {"count": booking.code_failures}, now)
        raise ValidationError(_("Ce code ne correspond pas : demandez au passager le code "
                                "affiché sur sa réservation."), code="wrong_code")
    position = _position_evidence(booking, latitude, longitude, now)
    with transaction.atomic():
        # Trip first, then booking: the order every service that changes both follows.
        Trip.objects.select_for_update().filter(pk=booking.trip_id).first()
        booking = Booking.objects.select_for_update(of=("self",)).select_related(
            "trip__line__service", "trip__driver", "passenger", "boarding_stop",
            "alighting_stop").get(pk=booking.pk)
        proof = JourneyProof.objects.filter(booking=booking).first() or _new_proof(booking,
                                                                                   geometry)
        first = proof.code_confirmed_at is None
        if first:
            proof.code_confirmed_at = now
        if position is not None:
            proof.driver_latitude, proof.driver_longitude = position
            proof.driver_confirmed_at = now
        if first:
            _grant_incentive(proof, booking, geometry)
        proof.proof_class = _proof_class(proof, booking)
        proof.save()
        if booking.status == Booking.Status.BOOKED:
            booking_transition(booking, actor=actor, action="complete")
            _write_ledger(booking)
            stats_booking_completed(booking)
    return proof


def journey_confirm_by_passenger(*, actor, booking: Booking, geometry: LineGeometry,
                                 latitude=None, longitude=None, now=None) -> JourneyProof:
    """The passenger says they are on board, sharing their position and time if they
    consent: the proof gains their trip data (before or after the driver types the code)."""
    now = now or timezone.now()
    if booking.passenger_id != actor.pk:
        raise ValidationError(_("Seul le passager confirme sa montée."), code="not_passenger")
    if booking.status not in Booking.LIVE:
        raise ValidationError(_("Cette réservation a été annulée."), code="cancelled")
    _check_window(booking, now)
    position = _position_evidence(booking, latitude, longitude, now)
    try:
        with transaction.atomic():
            Trip.objects.select_for_update().filter(pk=booking.trip_id).first()
            booking = Booking.objects.select_for_update(of=("self",)).select_related(
                "trip__driver").get(pk=booking.pk)
            proof = (JourneyProof.objects.filter(booking=booking).first()
                     or _new_proof(booking, geometry))
            proof.passenger_confirmed_at = now
            if position is not None:
                proof.passenger_latitude, proof.passenger_longitude = position
            proof.proof_class = _proof_class(proof, booking)
            proof.save()
            BookingEvent.objects.create(booking=booking, actor=actor, action="confirm",
                                        status=booking.status)
    except IntegrityError:
        proof = JourneyProof.objects.get(booking=booking)
    return proof
