"""A driver's trips: published once or every chosen weekday, cancelled with the passengers
told at once. Every refusal is a ValidationError with the reason in French; a refused step
writes nothing."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.carpool import sharing
from spp.carpool.geometry import LineGeometry
from spp.carpool.models import Booking, Trip, TripSeries
from spp.carpool.services.stats import stats_trip_cancelled, stats_trips_published
from spp.carpool.workflow import booking_transition
from spp.catalog.selectors.enrolments import enrolment_require_current
from spp.core.services import notification_send

PARIS = ZoneInfo("Europe/Paris")
MAX_SERIES_DAYS = 92
MAX_SEATS = 8


def _check_departure(line, departs_at, now) -> None:
    if departs_at <= now:
        raise ValidationError(_("Ce départ est déjà passé : choisissez une heure à venir."),
                              code="in_the_past")
    local = timezone.localtime(departs_at, PARIS).time()
    if not line.operates_from <= local <= line.operates_until:
        raise ValidationError(
            _("La ligne fonctionne de %(start)s à %(end)s : choisissez un départ dans ces "
              "horaires.") % {"start": line.operates_from.strftime("%H:%M"),
                              "end": line.operates_until.strftime("%H:%M")},
            code="outside_hours")


def _trip_for(*, line, geometry: LineGeometry, driver, departure_stop, arrival_stop,
              departs_at, seats, vehicle_class, electric, tolls, parking, series=None) -> Trip:
    direction = geometry.direction_between(departure_stop.pk, arrival_stop.pk)
    start = geometry.offset(direction, departure_stop.pk)
    end = geometry.offset(direction, arrival_stop.pk)
    return Trip(line=line, driver=driver, series=series, direction=direction,
                departure_stop=departure_stop, arrival_stop=arrival_stop,
                from_rank=start.rank, to_rank=end.rank, departs_at=departs_at,
                origin_at=departs_at - timedelta(minutes=start.minutes), seats=seats,
                vehicle_class=vehicle_class, electric=electric, tolls=tolls, parking=parking)


def trip_publish(*, actor, line, geometry: LineGeometry, departure_stop, arrival_stop,
                 departs_at, seats: int, vehicle_class: str, electric: bool = False,
                 tolls: Decimal = Decimal("0"), parking: Decimal = Decimal("0"),
                 weekdays: list[int] | None = None, last_day=None, now=None) -> list[Trip]:
    """Publish one trip, or one per chosen weekday from ``departs_at``'s day to ``last_day``
    at the same Paris time. Days on which the driver already leaves at that time are skipped
    (a retry publishes nothing twice). Returns the trips made."""
    now = now or timezone.now()
    enrolment_require_current(actor, line.service)
    if not line.is_active:
        raise ValidationError(_("Cette ligne n’est plus en service."), code="line_closed")
    if departure_stop.line_id != line.pk or arrival_stop.line_id != line.pk:
        raise ValidationError(_("Ces arrêts ne sont pas sur cette ligne."), code="wrong_stop")
    if departure_stop.pk == arrival_stop.pk:
        raise ValidationError(_("Le départ et l’arrivée doivent être deux arrêts différents."),
                              code="same_stop")
    if not 1 <= seats <= MAX_SEATS:
        raise ValidationError(_("Proposez entre 1 et %(max)s places.") % {"max": MAX_SEATS},
                              code="seats")
    if tolls < 0 or parking < 0:
        raise ValidationError(_("Les péages et le stationnement ne peuvent être négatifs."),
                              code="negative_costs")
    days = [departs_at]
    if weekdays:
        if last_day is None:
            raise ValidationError(_("Indiquez jusqu’à quel jour ce trajet se répète."),
                                  code="no_last_day")
        first_local = timezone.localtime(departs_at, PARIS)
        if not first_local.date() <= last_day <= first_local.date() + timedelta(
                days=MAX_SERIES_DAYS):
            raise ValidationError(
                _("Un trajet régulier se publie pour trois mois au plus, à partir de son "
                  "premier jour."), code="series_too_long")
        days = []
        day = first_local.date()
        while day <= last_day:
            if day.weekday() in weekdays:
                days.append(datetime.combine(day, first_local.time(), tzinfo=PARIS))
            day += timedelta(days=1)
        if not days:
            raise ValidationError(_("Aucun des jours choisis ne tombe dans cette période."),
                                  code="no_day")
    for moment in days:
        _check_departure(line, moment, now)
    sharing.scale_rate(vehicle_class, electric, timezone.localdate(departs_at, PARIS))
    made = []
    with transaction.atomic():
        series = None
        if weekdays:
            series = TripSeries.objects.create(
                line=line, driver=actor, weekdays=sorted(set(weekdays)),
                first_day=timezone.localdate(days[0], PARIS), last_day=last_day)
        for moment in days:
            trip = _trip_for(line=line, geometry=geometry, driver=actor,
                             departure_stop=departure_stop, arrival_stop=arrival_stop,
                             departs_at=moment, seats=seats, vehicle_class=vehicle_class,
                             electric=electric, tolls=tolls, parking=parking, series=series)
            try:
                with transaction.atomic():
                    trip.save()
            except IntegrityError:
                continue  # the driver already leaves at that moment: published before
            made.append(trip)
        stats_trips_published(made)
    if not made:
        raise ValidationError(_("Vous proposez déjà un trajet à cette heure-là."),
                              code="duplicate")
    return made


def trip_cancel(*, actor, trip: Trip, reason: str = "", now=None) -> Trip:
    """The driver cancels: every live booking is cancelled and its passenger told at once."""
    now = now or timezone.now()
    if trip.driver_id != actor.pk:
        raise ValidationError(_("Seul le conducteur peut annuler ce trajet."), code="not_driver")
    with transaction.atomic():
        trip = Trip.objects.select_for_update().get(pk=trip.pk)
        if trip.status != Trip.Status.PUBLISHED:
            return trip  # cancelled already: a retry changes nothing
        if trip.departs_at + timedelta(hours=3) < now:
            raise ValidationError(_("Ce trajet a eu lieu : il ne peut plus être annulé."),
                                  code="past")
        trip.status = Trip.Status.CANCELLED
        trip.cancel_reason = reason[:300]
        trip.seats_taken = 0
        trip.save(update_fields=["status", "cancel_reason", "seats_taken"])
        bookings = list(Booking.objects.select_for_update(of=("self",)).filter(
            trip=trip, status=Booking.Status.BOOKED).select_related("passenger"))
        when = date_format(timezone.localtime(trip.departs_at, PARIS), "l j F à H:i")
        for booking in bookings:
            booking.cancelled_at = now
            booking_transition(booking, actor=actor, action="cancel_by_driver", note=reason)
            notification_send(
                recipient=booking.passenger,
                title=_("Trajet annulé : %(line)s, %(when)s") % {"line": trip.line.name,
                                                                 "when": when},
                body=(_("Le conducteur a annulé ce trajet. %(reason)s Cherchez un autre départ "
                        "sur la ligne.") % {"reason": reason}).strip(),
                url=booking.get_absolute_url())
        stats_trip_cancelled(trip=trip, bookings=bookings)
    return trip
