"""The incidents contributors declare while taking part in a service, and their follow-up."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog.models.services import Service


class Incident(models.Model):
    """An accident or damage that happened while a contributor took part in a service. The
    authority answers for its occasional collaborators, so its agents follow it up to closure."""

    class Kind(models.TextChoices):
        BODILY_INJURY = "injury", _("Accident corporel")
        PROPERTY_DAMAGE = "damage", _("Dommage matériel")
        THIRD_PARTY = "third_party", _("Dommage causé à un tiers")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        DECLARED = "declared", _("Déclaré")
        ACKNOWLEDGED = "acknowledged", _("Pris en compte")
        IN_FOLLOW_UP = "in_follow_up", _("En cours de traitement")
        CLOSED = "closed", _("Clos")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="incidents")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declared_incidents"
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("survenu le"))
    place = models.CharField(_("lieu"), max_length=200)
    description = models.TextField(_("description des faits"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DECLARED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_summary = models.TextField(_("conclusion"), blank=True)
    created_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("incident")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service", "status"], name="incident_service_status_idx")]

    def __str__(self):
        return self.title_for(self.get_kind_display(), self.occurred_at)

    def get_absolute_url(self):
        return reverse("catalog:incident_detail", args=[self.pk])

    @staticmethod
    def title_for(kind_label: str, occurred_at) -> str:
        """"Nature — date", the date in the platform's time zone (an incident at 00:30 in
        Paris happened that day, not the day before in UTC)."""
        return f"{kind_label} — {timezone.localtime(occurred_at):%d/%m/%Y}"


class IncidentUpdate(models.Model):
    """A follow-up note or status change on an incident (its event log)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.note[:60]
