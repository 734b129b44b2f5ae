"""When a volunteer can be called on: weekly recurring windows plus one-off exceptions.
Times are minutes from midnight (0–1440) so a night is two windows (19:00–24:00, 0:00–7:00)
and merging overlapping windows is arithmetic."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [(0, _("Lundi")), (1, _("Mardi")), (2, _("Mercredi")), (3, _("Jeudi")),
            (4, _("Vendredi")), (5, _("Samedi")), (6, _("Dimanche"))]


def minutes_label(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class AvailabilityWindow(models.Model):
    """Every week on ``weekday``, available from ``start_minute`` to ``end_minute``.
    The service merges overlapping and touching windows of a day into one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="availability_windows")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="availability_windows")
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=WEEKDAYS)
    start_minute = models.PositiveSmallIntegerField(_("début (minutes)"))
    end_minute = models.PositiveSmallIntegerField(_("fin (minutes)"))

    class Meta:
        verbose_name = _("disponibilité hebdomadaire")
        ordering = ["weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_minute__gt=F("start_minute")) & Q(end_minute__lte=1440)
                & Q(weekday__lte=6), name="availability_window_valid"),
            models.UniqueConstraint(fields=["user", "service", "weekday", "start_minute"],
                                    name="availability_window_unique_start"),
        ]
        indexes = [models.Index(fields=["service", "weekday"], name="availability_service_idx")]

    def __str__(self):
        return (f"{self.get_weekday_display()} {minutes_label(self.start_minute)}–"
                f"{minutes_label(self.end_minute)}")


class AvailabilityException(models.Model):
    """A one-off change: unavailable (holidays) or available (an extra evening)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="availability_exceptions")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="availability_exceptions")
    starts_at = models.DateTimeField(_("du"))
    ends_at = models.DateTimeField(_("au"))
    available = models.BooleanField(_("disponible"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exception de disponibilité")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="availability_exception_ordered")]
        indexes = [models.Index(fields=["service", "starts_at"],
                                name="availability_exc_service_idx")]

    def __str__(self):
        return f"{self.starts_at:%d/%m/%Y %H:%M} → {self.ends_at:%d/%m/%Y %H:%M}"


class PatternPreference(models.Model):
    """A recurring shift the volunteer prefers: the auto-roster honours it once needs are
    covered and the load is fair (its last objective)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="roster_preferences")
    pattern = models.ForeignKey("rosters.ShiftPattern", on_delete=models.CASCADE,
                                related_name="preferences")

    class Meta:
        verbose_name = _("garde préférée")
        constraints = [models.UniqueConstraint(fields=["user", "pattern"],
                                               name="pattern_preference_unique")]

    def __str__(self):
        return f"{self.user} — {self.pattern}"
