"""The line dashboard's counters: one row per line, Paris day, hour of the day and direction,
kept by the transactions that publish and cancel trips, book, cancel and complete bookings,
and record searches that found nothing (``spp.carpool.services.stats``). A month of a line
is then at most 31 × 24 × 2 rows, whatever the number of trips and bookings behind them.

Which hour a figure belongs to: a trip's departure, a booking's passage at its boarding stop,
a search's window start, all in Paris time."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spp.carpool.models.lines import Direction


class LineHourStat(models.Model):
    # No index of its own: the unique constraint's (line, day, hour, direction) serves it.
    line = models.ForeignKey("carpool.Line", on_delete=models.CASCADE, related_name="+",
                             db_index=False)
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    direction = models.CharField(max_length=10, choices=Direction.choices)
    trips = models.IntegerField(default=0, help_text="Published trips (a cancelled one leaves).")
    seats_offered = models.IntegerField(default=0, help_text="Their seats.")
    bookings = models.IntegerField(default=0, help_text="Bookings made, cancelled ones included.")
    booked_seats = models.IntegerField(default=0, help_text="Seats of the bookings not cancelled.")
    cancelled = models.IntegerField(default=0, help_text="Bookings cancelled (either side).")
    completed = models.IntegerField(default=0, help_text="Bookings confirmed at the stop.")
    km_shared = models.DecimalField(max_digits=12, decimal_places=2, default=0,
                                    help_text="Distance of the completed bookings.")
    unmatched_searches = models.IntegerField(default=0, help_text="Searches with no match.")

    class Meta:
        verbose_name = _("compteurs horaires d’une ligne")
        verbose_name_plural = _("compteurs horaires des lignes")
        ordering = ["line_id", "day", "hour", "direction"]
        constraints = [
            models.UniqueConstraint(fields=["line", "day", "hour", "direction"],
                                    name="carpool_stat_one_row_per_hour"),
            models.CheckConstraint(condition=Q(hour__gte=0) & Q(hour__lte=23),
                                   name="carpool_stat_hour_of_day"),
        ]

    def __str__(self):
        return f"{self.line_id} {self.day:%d/%m/%Y} {self.hour:02d}h {self.direction}"


class FlaggedBooking(models.Model):
    """A booking flagged to the coordinator (``Booking.flags``), filed under its line and
    boarding time by the transaction that flags it: the dashboard lists a line's month of
    them on ``(line, boards_at)`` without looking at any other line's bookings."""

    line = models.ForeignKey("carpool.Line", on_delete=models.CASCADE, related_name="+",
                             db_index=False)
    booking = models.OneToOneField("carpool.Booking", on_delete=models.CASCADE, related_name="+")
    boards_at = models.DateTimeField()

    class Meta:
        verbose_name = _("réservation à vérifier")
        ordering = ["line_id", "-boards_at"]
        indexes = [models.Index(fields=["line", "-boards_at"], name="carpool_flagged_line_idx")]

    def __str__(self):
        return f"{self.line_id} {self.booking_id}"
