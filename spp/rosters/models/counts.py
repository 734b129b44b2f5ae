"""Counts kept ahead of the coverage day view: who is qualified and available each day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayAvailability(models.Model):
    """Who was qualified and available on one day of a service, counted ahead by
    ``services.availability_count`` (``manage.py rosters_count_availability`` every few
    minutes): per need of the shifts starting that day, and per qualification hour by hour.
    Counting it means reading every participant's qualifications and windows (thousands of
    people at a large service); the coverage day view reads this row instead and says when it
    was counted. A day without a row counted recently enough is counted on the request."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("jour"))
    counted_at = models.DateTimeField(_("compté le"))
    # {need id: available}, for the needs of the shifts starting that day.
    needs = models.JSONField(default=dict)
    # {qualification code ("" for anyone): [available at 0 h, 1 h, … 23 h]}.
    hours = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("disponibles d’un jour")
        verbose_name_plural = _("disponibles par jour")
        constraints = [
            models.UniqueConstraint(fields=["service", "day"], name="day_availability_unique"),
        ]

    def __str__(self):
        return f"{self.service_id} {self.day:%Y-%m-%d}"
