"""A volunteer asking a colleague to take over their place on a shift (a replacement): at
most one open request per assignment (database constraint); the first qualified colleague to
take it over gets the place, the request is then closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReplacementRequest(models.Model):
    """An assigned volunteer's request to be replaced on ``assignment``. Taking it over ends
    that assignment (cancelled, with its event) and gives the taker a new one on the same
    need (``new_assignment``), in one transaction."""

    class Status(models.TextChoices):
        OPEN = "open", _("Remplaçant recherché")
        TAKEN = "taken", _("Reprise par un collègue")
        CANCELLED = "cancelled", _("Demande retirée")

    assignment = models.ForeignKey(
        "rosters.Assignment", on_delete=models.CASCADE, related_name="replacement_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.OPEN)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_assignment = models.OneToOneField(
        "rosters.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replacing",
    )
    notified_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de remplacement")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="open"),
                name="replacement_one_open_per_assignment",
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(closed_at__isnull=True),
                name="replacement_open_not_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="replacement_status_idx")]

    def __str__(self):
        return f"{_('Remplacement')} — {self.assignment}"
