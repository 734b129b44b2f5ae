"""The participation ledger: what each person gave to each service, one row per real act.

It lives with the services it counts (every row names one), so the pattern apps write it
through ``spp.catalog.services.participation_record`` and core knows nothing of it. The
table kept its name, ``core_participation``, when the model moved here from core (see
migration catalog 0004)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.catalog.models.services import Service


class Participation(models.Model):
    """The participation ledger: one row per real act of participation.

    Append-only: a row is never edited nor deleted; a correction is a new row whose
    ``corrects`` points at the row it offsets (usually with the opposite quantity). When a
    person is erased, ``user`` becomes NULL and ``pseudonym`` keeps the rows countable.
    """

    class Kind(models.TextChoices):
        SHIFT = "shift", _("Garde ou permanence effectuée")
        CALL_OUT = "call_out", _("Intervention sur alerte")
        REPORT = "report", _("Signalement déposé")
        REPORT_SUPPORT = "report_support", _("Signalement appuyé")
        REPORT_CONFIRMATION = "report_confirmation", _("Signalement confirmé")
        JOURNEY = "journey", _("Trajet partagé")
        PEER_SESSION = "peer_session", _("Séance d’accompagnement par un pair")
        CONTRIBUTION = "contribution", _("Contribution à une consultation")
        PROPOSAL = "proposal", _("Proposition déposée")
        INDEMNITY_PAID = "indemnity_paid", _("Frais indemnisés (montant versé)")
        CORRECTION = "correction", _("Correction")
        OTHER = "other", _("Autre participation")

    class Unit(models.TextChoices):
        HOURS = "hours", _("heures")
        KM = "km", _("kilomètres")
        COUNT = "count", _("nombre")
        EUROS = "eur", _("euros")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    pseudonym = models.CharField(max_length=20, db_index=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="participations")
    kind = models.CharField(_("nature"), max_length=30, choices=Kind.choices)
    quantity = models.DecimalField(_("quantité"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=10, choices=Unit.choices)
    occurred_at = models.DateTimeField(_("date"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("L’agent qui a accepté ce concours au nom de l’autorité."),
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    source_key = models.CharField(
        max_length=120,
        blank=True,
        help_text=_(
            "Identifie l’acte source (ex. « rosters.assignment:42 ») ; un acte, une ligne."
        ),
    )
    description = models.CharField(_("libellé"), max_length=255, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        db_table = "core_participation"  # its name from when core held it: no table rename
        verbose_name = _("participation")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "pseudonym"],
                condition=~Q(source_key=""),
                name="participation_one_row_per_source_act",
            ),
            models.CheckConstraint(condition=~Q(quantity=0), name="participation_nonzero"),
        ]
        indexes = [
            # A person's history, newest first, in the lists' exact order (ties by id).
            models.Index(
                fields=["user", "-occurred_at", "-id"], name="participation_user_order_idx"
            ),
            models.Index(
                fields=["service", "kind", "occurred_at"], name="participation_service_idx"
            ),
            # The impact figures' refresh finds the years that received rows since its last
            # run (spp/impact/services/refresh.py).
            models.Index(fields=["recorded_at"], name="participation_recorded_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.measure}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("allow_erasure_update", False):
            raise ValueError("The participation ledger is append-only; record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The participation ledger is append-only; record a correction.")

    @property
    def measure(self) -> str:
        """The quantity as a person reads it, in the page's language: "2,50 heures", "12
        kilomètres", "40 euros"; a count is its number alone (never "1 nombre")."""
        from spp.core.formatting import quantity_label

        number = quantity_label(self.quantity)
        if self.unit == self.Unit.COUNT:
            return number
        return f"{number} {self.get_unit_display()}"
