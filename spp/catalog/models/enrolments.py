"""A citizen's enrolment in a service, made by accepting its charter, and its event log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog.models.services import Charter, Service


class Enrolment(models.Model):
    """A citizen's enrolment in a service, made by accepting its charter."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspendue")
        ENDED = "ended", _("Terminée")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    accepted_charter = models.ForeignKey(
        Charter, verbose_name=_("charte acceptée"), on_delete=models.PROTECT, related_name="+"
    )
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("L’agent qui a accepté ce concours au nom de l’autorité."),
    )
    approved_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    status_reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inscription")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="enrolment_one_per_service"),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(approved_at__isnull=False),
                name="enrolment_active_is_approved",
            ),
        ]
        indexes = [
            # Serves the agents' list (filter by service and status, newest first) and the
            # per-service counts of active enrolments.
            models.Index(fields=["service", "status", "-created_at"],
                         name="enrolment_service_status_idx"),
        ]

    def __str__(self):
        return f"{self.user} — {self.service} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("catalog:enrolment_detail", args=[self.pk])


class EnrolmentEvent(models.Model):
    """The event log of an enrolment's transitions (see workflow.py)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
