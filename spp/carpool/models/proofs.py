"""Journey proofs: what the platform can show of a shared journey, in the classes of the
national carpool proof registry (registre de preuve de covoiturage):

- **A** — the matching: the booking and the code exchanged at the stop;
- **B** — A, plus one occupant's trip data (position and time when they confirmed);
- **C** — the trip data of both occupants, and two distinct identities.

One proof per booking (a passenger–driver pair), as the registry counts journeys. It carries
the amounts in euros as the platform computed them; the registry export converts them to
cents and the distances to metres."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JourneyProof(models.Model):
    class ProofClass(models.TextChoices):
        A = "A", _("A — mise en relation prouvée")
        B = "B", _("B — plus le trajet d’un occupant")
        C = "C", _("C — trajets des deux occupants, identités distinctes")

    class RegistryStatus(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé au registre")
        FAILED = "failed", _("Refusé par le registre")
        NOT_SENT = "not_sent", _("Envoi désactivé")

    booking = models.OneToOneField("carpool.Booking", on_delete=models.PROTECT,
                                   related_name="proof")
    journey_id = models.UUIDField(_("identifiant du trajet"), default=uuid.uuid4, unique=True)
    proof_class = models.CharField(_("classe de preuve"), max_length=1,
                                   choices=ProofClass.choices, default=ProofClass.A)
    code_confirmed_at = models.DateTimeField(
        _("code confirmé le"), null=True, blank=True,
        help_text=_("Vide tant que le conducteur n’a pas saisi le code du passager : la "
                    "confirmation d’un seul occupant ne prouve pas le trajet."))
    driver_confirmed_at = models.DateTimeField(null=True, blank=True)
    driver_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    driver_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True,
                                           blank=True)
    passenger_confirmed_at = models.DateTimeField(null=True, blank=True)
    passenger_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True,
                                             blank=True)
    passenger_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True,
                                              blank=True)
    started_at = models.DateTimeField(_("départ"))
    ended_at = models.DateTimeField(_("arrivée"))
    distance_m = models.PositiveIntegerField(_("distance (m)"))
    passenger_contribution = models.DecimalField(max_digits=7, decimal_places=2)
    driver_incentive = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    incentive_explained = models.TextField(blank=True)
    registry_status = models.CharField(max_length=10, choices=RegistryStatus.choices,
                                       default=RegistryStatus.PENDING)
    registry_sent_at = models.DateTimeField(null=True, blank=True)
    registry_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("preuve de trajet")
        verbose_name_plural = _("preuves de trajet")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_at__gt=models.F("started_at")),
                                   name="carpool_proof_times_ordered"),
            models.CheckConstraint(condition=Q(passenger_contribution__gte=0)
                                   & Q(driver_incentive__gte=0),
                                   name="carpool_proof_amounts_positive"),
        ]
        indexes = [
            models.Index(fields=["started_at"], name="carpool_proof_started_idx"),
            models.Index(fields=["registry_status", "started_at"],
                         name="carpool_proof_registry_idx"),
        ]

    def __str__(self):
        return f"{self.journey_id} ({self.proof_class})"


class DriverMonthIncentive(models.Model):
    """What the authority has granted one driver on one line in one month, against the line's
    monthly cap: the database refuses to pass the cap, even for two proofs at once."""

    line = models.ForeignKey("carpool.Line", on_delete=models.CASCADE, related_name="+")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    granted = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    cap = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "driver", "month"],
                                    name="carpool_incentive_one_row_per_month"),
            models.CheckConstraint(condition=Q(granted__lte=models.F("cap")) & Q(granted__gte=0),
                                   name="carpool_incentive_within_cap"),
        ]

    def __str__(self):
        return f"{self.driver_id} {self.month:%m/%Y}: {self.granted}/{self.cap}"
