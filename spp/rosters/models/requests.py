"""A coordinator's request for an auto-roster: solved in the background (a task), its state
and per-stage progress shown on the page until the proposal is ready."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RosterRequest(models.Model):
    """One solve of a period for a service. At most one waiting or running request per
    service and period (the database refuses a second): a double submit starts one solve."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    ACTIVE = (State.PENDING, State.RUNNING)

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="roster_requests")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    state = models.CharField(_("état"), max_length=20, choices=State.choices,
                             default=State.PENDING)
    # [{"stage": "coverage", "status": "OPTIMAL", "gap": 0.0, "seconds": 1.2}, …], the stage
    # under way last with "status": "" until it ends.
    progress = models.JSONField(default=list, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    roster = models.OneToOneField("rosters.Roster", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="request")
    stage_seconds = models.FloatField(_("secondes par étape"), default=30.0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de planning")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="roster_request_period_ordered"),
            models.UniqueConstraint(fields=["service", "starts_on", "ends_on"],
                                    condition=Q(state__in=["pending", "running"]),
                                    name="roster_request_one_active"),
        ]

    def __str__(self):
        return f"{self.service} — {self.starts_on:%d/%m} → {self.ends_on:%d/%m/%Y}"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE
