"""Trips a driver offers on a line, and the passengers' bookings of their seats.

``Trip.seats_taken`` is kept by the booking's own transaction and checked by the database
(``0 <= seats_taken <= seats``): two passengers asking for the last seat at the same instant
cannot both have it, whatever Python believed a moment before.

A trip stores the stops it covers as ranks in its direction (``from_rank`` / ``to_rank``: the
stops' positions, negated on return trips, so that a rank always grows along the trip and
adding a stop to a line moves no rank) and ``origin_at``, the time it would have left the
line's first stop: a search for a boarding stop and a time window becomes one range scan on
``(line, direction, origin_at)`` (see ``selectors.search``)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spp.carpool.models.lines import Direction


def confirmation_code() -> str:
    """Four digits, read aloud or shown at the stop; valid around one booking only."""
    return f"{secrets.randbelow(10_000):04d}"


class TripSeries(models.Model):
    """A driver's recurring offer (e.g. every weekday at 07:40): the trips it made are rows of
    their own, so a booking or a cancellation concerns one day only."""

    line = models.ForeignKey("carpool.Line", on_delete=models.CASCADE, related_name="series")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="carpool_series")
    weekdays = models.JSONField(_("jours"), default=list,
                                help_text=_("0 = lundi … 6 = dimanche"))
    first_day = models.DateField(_("à partir du"))
    last_day = models.DateField(_("jusqu’au"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trajet régulier")
        constraints = [models.CheckConstraint(condition=Q(last_day__gte=F("first_day")),
                                              name="carpool_series_days_ordered")]

    def __str__(self):
        return f"{self.line} — {self.first_day:%d/%m/%Y} au {self.last_day:%d/%m/%Y}"


class Trip(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Proposé")
        CANCELLED = "cancelled", _("Annulé")

    line = models.ForeignKey("carpool.Line", on_delete=models.PROTECT, related_name="trips")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="carpool_trips")
    series = models.ForeignKey(TripSeries, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="trips")
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    departure_stop = models.ForeignKey("carpool.Stop", on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("départ"))
    arrival_stop = models.ForeignKey("carpool.Stop", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("arrivée"))
    from_rank = models.SmallIntegerField(
        help_text="The departure stop's position, negated on return trips: a trip covers the "
                  "stops whose rank lies between from_rank and to_rank.")
    to_rank = models.SmallIntegerField()
    departs_at = models.DateTimeField(_("départ"))
    origin_at = models.DateTimeField(
        help_text="departs_at minus the travel time from the line's first stop in this "
                  "direction: what a search by boarding stop and time scans.")
    seats = models.PositiveSmallIntegerField(_("places proposées"))
    seats_taken = models.PositiveSmallIntegerField(default=0)
    vehicle_class = models.CharField(_("véhicule (puissance fiscale)"), max_length=20)
    electric = models.BooleanField(_("véhicule électrique"), default=False)
    tolls = models.DecimalField(_("péages (€)"), max_digits=6, decimal_places=2, default=0)
    parking = models.DecimalField(_("stationnement (€)"), max_digits=6, decimal_places=2,
                                  default=0)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices,
                              default=Status.PUBLISHED)
    cancel_reason = models.CharField(_("motif de l’annulation"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trajet proposé")
        verbose_name_plural = _("trajets proposés")
        ordering = ["departs_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=8),
                                   name="carpool_trip_seats_range"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("seats")),
                                   name="carpool_trip_seats_not_overbooked"),
            models.CheckConstraint(condition=Q(to_rank__gt=F("from_rank")),
                                   name="carpool_trip_stops_ordered"),
            models.CheckConstraint(condition=Q(tolls__gte=0) & Q(parking__gte=0),
                                   name="carpool_trip_costs_positive"),
            models.UniqueConstraint(fields=["driver", "departs_at"],
                                    condition=Q(status="published"),
                                    name="carpool_trip_one_departure_per_driver"),
        ]
        indexes = [
            models.Index(fields=["line", "direction", "origin_at"],
                         condition=Q(status="published"), name="carpool_trip_search_idx"),
            models.Index(fields=["driver", "-departs_at"], name="carpool_trip_driver_idx"),
        ]

    def __str__(self):
        return f"{self.line} — {self.get_direction_display()} {self.departs_at:%d/%m %H:%M}"

    def get_absolute_url(self):
        return reverse("carpool:trip_detail", args=[self.pk])

    @property
    def seats_left(self) -> int:
        return self.seats - self.seats_taken


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Réservée")
        COMPLETED = "completed", _("Trajet effectué")
        CANCELLED_BY_PASSENGER = "cancelled_by_passenger", _("Annulée par le passager")
        CANCELLED_BY_DRIVER = "cancelled_by_driver", _("Annulée par le conducteur")

    LIVE = (Status.BOOKED, Status.COMPLETED)

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="bookings")
    passenger = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="carpool_bookings")
    boarding_stop = models.ForeignKey("carpool.Stop", on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("montée"))
    alighting_stop = models.ForeignKey("carpool.Stop", on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("descente"))
    seats = models.PositiveSmallIntegerField(_("places"), default=1)
    boards_at = models.DateTimeField(_("passage prévu à la montée"))
    alights_at = models.DateTimeField(_("arrivée prévue"))
    distance_km = models.DecimalField(_("distance partagée (km)"), max_digits=7,
                                      decimal_places=2)
    contribution = models.DecimalField(
        _("participation aux frais (€)"), max_digits=7, decimal_places=2, default=0,
        help_text=_("Ce que le passager verse au conducteur : sa part des frais du trajet."))
    contribution_explained = models.TextField(blank=True)
    code = models.CharField(_("code de confirmation"), max_length=4, default=confirmation_code)
    code_failures = models.PositiveSmallIntegerField(default=0)
    flags = models.JSONField(
        _("points d’attention"), default=list, blank=True,
        help_text=_("Ce qui doit être vérifié par le coordinateur (codes erronés, positions "
                    "loin de l’arrêt), avec la raison."))
    status = models.CharField(_("état"), max_length=30, choices=Status.choices,
                              default=Status.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réservation")
        ordering = ["boards_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "passenger"],
                                    condition=Q(status__in=["booked", "completed"]),
                                    name="carpool_booking_one_live_per_trip"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="carpool_booking_seats"),
            models.CheckConstraint(condition=Q(contribution__gte=0),
                                   name="carpool_booking_contribution_positive"),
            models.CheckConstraint(condition=Q(alights_at__gt=F("boards_at")),
                                   name="carpool_booking_times_ordered"),
        ]
        indexes = [
            models.Index(fields=["passenger", "-boards_at"], name="carpool_booking_pass_idx"),
        ]

    def __str__(self):
        return f"{self.passenger} — {self.trip}"

    def get_absolute_url(self):
        return reverse("carpool:booking_detail", args=[self.pk])


class BookingEvent(models.Model):
    """A booking's history: who did what, when (the workflow writes it)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    status = models.CharField(max_length=30)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} → {self.status}"
