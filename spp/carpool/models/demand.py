"""What passengers asked for: every search is kept (without the person for anonymous ones), so
the coordinator sees the demand that no driver met; a search can become a guaranteed-ride
request, answered by a driver's trip or, after the line's waiting time, by its fallback."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spp.carpool.models.lines import Direction


class RideSearch(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Site")
        SMS = "sms", _("SMS")

    class Guarantee(models.TextChoices):
        NONE = "", _("Pas de trajet garanti demandé")
        WAITING = "waiting", _("En attente d’un conducteur")
        MATCHED = "matched", _("Conducteur trouvé")
        FALLBACK_CALLED = "fallback_called", _("Solution de secours appelée")
        FALLBACK_FAILED = "fallback_failed", _("Solution de secours injoignable")
        CANCELLED = "cancelled", _("Annulée")

    line = models.ForeignKey("carpool.Line", on_delete=models.CASCADE, related_name="searches")
    passenger = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="carpool_searches")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    boarding_stop = models.ForeignKey("carpool.Stop", on_delete=models.CASCADE,
                                      related_name="+")
    alighting_stop = models.ForeignKey("carpool.Stop", on_delete=models.CASCADE,
                                       related_name="+")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    seats = models.PositiveSmallIntegerField(default=1)
    matches = models.PositiveIntegerField(default=0)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.WEB)
    phone = models.CharField(max_length=20, blank=True)
    guarantee = models.CharField(max_length=20, choices=Guarantee.choices, blank=True,
                                 default=Guarantee.NONE)
    guarantee_due_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the guaranteed ride's check runs if no driver has been found: the "
                  "line's waiting time after the request, sooner if the window starts sooner.")
    share_contact = models.BooleanField(
        _("transmettre mon prénom et mon numéro à la solution de secours"), default=False)
    offered_trips = models.JSONField(
        default=list, blank=True,
        help_text="The trips an SMS answer listed, in order: \"RESA n\" books the n-th.")
    fallback_called_at = models.DateTimeField(null=True, blank=True)
    fallback_response = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recherche de trajet")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["line", "window_start"], name="carpool_search_line_idx"),
            # The dashboard's searches without a match, grouped by pair of stops: a few in ten
            # of the month's searches, read from this index alone.
            models.Index(fields=["line", "window_start", "boarding_stop", "alighting_stop"],
                         condition=models.Q(matches=0), name="carpool_search_unmatched_idx"),
            models.Index(fields=["guarantee", "created_at"], name="carpool_search_guarantee_idx"),
            models.Index(fields=["guarantee_due_at"], condition=models.Q(guarantee="waiting"),
                         name="carpool_search_due_idx"),
        ]

    def __str__(self):
        return f"{self.boarding_stop_id} → {self.alighting_stop_id} {self.window_start:%d/%m %H:%M}"
