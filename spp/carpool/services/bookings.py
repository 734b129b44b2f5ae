"""A passenger's booking of seats on a trip, and its cancellation.

The seat count moves with one UPDATE guarded by its own condition (``seats_taken + n <=
seats``) and by the table's check constraint: the database, not Python, decides who gets the
last seat. The passenger's contribution is computed in the same transaction, after that UPDATE
has locked the trip's row, so what the trip's passengers pay together never passes its costs."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.carpool import sharing
from spp.carpool.geometry import LineGeometry
from spp.carpool.models import Booking, BookingEvent, RideSearch, Trip
from spp.carpool.services.stats import stats_booking_cancelled, stats_booking_made
from spp.carpool.workflow import booking_transition
from spp.catalog.selectors.enrolments import enrolment_require_current
from spp.core.services import notification_send

PARIS = ZoneInfo("Europe/Paris")


def _check_stops(trip: Trip, geometry: LineGeometry, boarding_stop, alighting_stop):
    """The booking's stops must be on the trip's way, boarding first."""
    if boarding_stop.line_id != trip.line_id or alighting_stop.line_id != trip.line_id:
        raise ValidationError(_("Ces arrêts ne sont pas sur cette ligne."), code="wrong_stop")
    boarding = geometry.offset(trip.direction, boarding_stop.pk)
    alighting = geometry.offset(trip.direction, alighting_stop.pk)
    if alighting.rank <= boarding.rank:
        raise ValidationError(
            _("Dans le sens de ce trajet, « %(alight)s » vient avant « %(board)s » : choisissez "
              "une descente après la montée.") % {"alight": alighting_stop.name,
                                                  "board": boarding_stop.name},
            code="alighting_before_boarding")
    if boarding.rank < trip.from_rank or alighting.rank > trip.to_rank:
        raise ValidationError(
            _("Ce trajet va de « %(start)s » à « %(end)s » : il ne passe pas par vos deux "
              "arrêts.") % {"start": trip.departure_stop.name, "end": trip.arrival_stop.name},
            code="outside_trip")
    return boarding, alighting


def booking_create(*, actor, trip: Trip, geometry: LineGeometry, boarding_stop, alighting_stop,
                   seats: int = 1, search: RideSearch | None = None, now=None) -> Booking:
    """Book ``seats`` on ``trip`` from ``boarding_stop`` to ``alighting_stop``. A retry (or a
    double tap) returns the passenger's live booking on the trip instead of a second one."""
    now = now or timezone.now()
    enrolment_require_current(actor, trip.line.service)
    if trip.driver_id == actor.pk:
        raise ValidationError(_("Vous êtes le conducteur de ce trajet."), code="own_trip")
    if seats < 1:
        raise ValidationError(_("Réservez au moins une place."), code="seats")
    existing = Booking.objects.filter(trip=trip, passenger=actor, status__in=Booking.LIVE).first()
    if existing is not None:
        return existing
    boarding, alighting = _check_stops(trip, geometry, boarding_stop, alighting_stop)
    boards_at = geometry.passing_time(trip, boarding_stop.pk)
    if trip.status != Trip.Status.PUBLISHED:
        raise ValidationError(_("Ce trajet a été annulé par son conducteur."), code="cancelled")
    if boards_at <= now:
        raise ValidationError(_("Ce trajet est déjà passé à votre arrêt."), code="in_the_past")
    segment_km = alighting.km - boarding.km
    trip_km = geometry.km_between(trip.direction, trip.departure_stop_id, trip.arrival_stop_id)
    day = timezone.localdate(trip.departs_at, PARIS)
    rate = sharing.scale_rate(trip.vehicle_class, trip.electric, day)
    tariff = sharing.tariff_in_force(trip.line_id, day)
    try:
        with transaction.atomic():
            taken = Trip.objects.filter(
                pk=trip.pk, status=Trip.Status.PUBLISHED,
                seats_taken__lte=F("seats") - seats).update(seats_taken=F("seats_taken") + seats)
            if not taken:
                raise ValidationError(
                    _("Il ne reste plus assez de places sur ce trajet : choisissez-en un "
                      "autre."), code="full")
            others_paid = (Booking.objects.filter(trip=trip, status__in=Booking.LIVE)
                           .aggregate(total=Sum("contribution"))["total"] or 0)
            contribution = sharing.passenger_contribution(
                trip=trip, tariff=tariff, trip_km=trip_km, segment_km=segment_km, seats=seats,
                others_paid=others_paid, rate=rate)
            booking = Booking.objects.create(
                trip=trip, passenger=actor, boarding_stop=boarding_stop,
                alighting_stop=alighting_stop, seats=seats, boards_at=boards_at,
                alights_at=boards_at + timedelta(minutes=max(1, alighting.minutes
                                                              - boarding.minutes)),
                distance_km=segment_km, contribution=contribution.amount,
                contribution_explained=contribution.explained)
            BookingEvent.objects.create(booking=booking, actor=actor, action="book",
                                        status=booking.status)
            stats_booking_made(booking)
            if search is not None and search.passenger_id == actor.pk:
                # A guaranteed ride still waiting is settled by this booking; one whose
                # fallback was already called keeps saying so.
                RideSearch.objects.filter(pk=search.pk,
                                          guarantee=RideSearch.Guarantee.WAITING).update(
                    guarantee=RideSearch.Guarantee.MATCHED)
            notification_send(
                recipient=trip.driver,
                title=_("Nouvelle réservation : %(board)s → %(alight)s, %(when)s") % {
                    "board": boarding_stop.name, "alight": alighting_stop.name,
                    "when": date_format(timezone.localtime(boards_at, PARIS), "l j F à H:i")},
                body=_("%(seats)s place(s) réservée(s) sur votre trajet.") % {"seats": seats},
                url=trip.get_absolute_url())
    except IntegrityError:
        # The same passenger booking twice at the same instant: the unique constraint kept
        # one; the seats of this attempt were rolled back with it.
        existing = Booking.objects.filter(trip=trip, passenger=actor,
                                          status__in=Booking.LIVE).first()
        if existing is None:
            raise
        return existing
    return booking


def booking_cancel(*, actor, booking: Booking, now=None) -> Booking:
    """The passenger gives their seats back; the driver is told."""
    now = now or timezone.now()
    if booking.passenger_id != actor.pk:
        raise ValidationError(_("Seul le passager peut annuler sa réservation."),
                              code="not_passenger")
    with transaction.atomic():
        # Rows are locked trip first, then booking, in every service that changes both (a
        # driver cancelling while a passenger cancels never waits in a cycle).
        Trip.objects.select_for_update().filter(pk=booking.trip_id).first()
        booking = Booking.objects.select_for_update(of=("self",)).select_related("trip").get(
            pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED_BY_PASSENGER:
            return booking  # a retry
        if booking.boards_at <= now and booking.status == Booking.Status.BOOKED:
            raise ValidationError(_("Le trajet est déjà parti de votre arrêt."), code="past")
        booking.cancelled_at = now
        booking_transition(booking, actor=actor, action="cancel_by_passenger")
        Trip.objects.filter(pk=booking.trip_id).update(
            seats_taken=F("seats_taken") - booking.seats)
        stats_booking_cancelled(booking)
        notification_send(
            recipient=booking.trip.driver,
            title=_("Réservation annulée : %(board)s, %(when)s") % {
                "board": booking.boarding_stop.name,
                "when": date_format(timezone.localtime(booking.boards_at, PARIS),
                                    "l j F à H:i")},
            body=_("Un passager a annulé : la place est de nouveau proposée."),
            url=booking.trip.get_absolute_url())
    return booking
