"""Claims: a contributor asks for the costs one participation caused to be covered.

A claim is made of lines (one cost each, with its evidence), follows the transition table of
``spp.expenses.workflow`` and keeps its history in ``ClaimEvent``. Two tables exist for the
database to decide, not Python: ``LimitUsage`` holds what each person has had approved against
each ceiling, with a check constraint that refuses to go beyond it (so two coordinators
approving at once cannot both pass a ceiling), and ``ServiceMonthTotal`` keeps the budget
page's sums as approvals and payments happen (so the page reads a few rows, not every claim)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from spp.expenses.models.policies import CostCategory


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")
        APPROVED = "approved", _("Validée")
        REJECTED = "rejected", _("Refusée")
        PAID = "paid", _("Payée")
        WITHDRAWN = "withdrawn", _("Retirée")

    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="expense_claims")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="expense_claims")
    policy = models.ForeignKey("expenses.Policy", on_delete=models.PROTECT,
                               related_name="claims")
    participation = models.ForeignKey("catalog.Participation", on_delete=models.PROTECT,
                                      related_name="expense_claims")
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    total = models.DecimalField(_("montant"), max_digits=10, decimal_places=2, default=0)
    waived = models.BooleanField(
        _("abandonnée au profit de l’opérateur"), default=False,
        help_text=_("Le contributeur renonce au remboursement : un don à l’association."))
    flags = models.JSONField(
        _("points d’attention"), default=list, blank=True,
        help_text=_("Ce qui ressemble à une rémunération ou ne peut pas être vrai, avec la "
                    "raison."))
    period_month = models.DateField(_("mois de la participation"))
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(_("motif"), blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment = models.ForeignKey("expenses.PaymentExport", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="claims")

    class Meta:
        verbose_name = _("demande d’indemnisation")
        verbose_name_plural = _("demandes d’indemnisation")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation"],
                condition=~Q(status__in=["rejected", "withdrawn"]),
                name="claim_one_live_per_participation"),
            models.CheckConstraint(condition=Q(total__gte=0), name="claim_total_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(payment__isnull=False, waived=False),
                name="claim_paid_through_an_export"),
        ]
        indexes = [
            models.Index(fields=["service", "status", "submitted_at"], name="claim_queue_idx"),
            models.Index(fields=["claimant", "-created_at"], name="claim_claimant_idx"),
            models.Index(fields=["service", "period_month"], name="claim_month_idx"),
        ]

    def __str__(self):
        return f"Demande n° {self.pk} — {self.total} €"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


def receipt_path(line, filename):
    return f"expenses/receipts/{line.claim.service_id}/{line.claim_id}/{filename}"


class ClaimLine(models.Model):
    """One cost. ``quantity × unit_rate = amount`` for computed costs (kilometres, hours); a
    cost paid with a receipt has quantity 1 and the receipt's amount."""

    class Unit(models.TextChoices):
        KM = "km", _("km")
        HOURS = "hours", _("heures")
        EUROS = "eur", _("€")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("nature du frais"), max_length=20,
                                choices=CostCategory.choices)
    description = models.CharField(_("libellé"), max_length=255, blank=True)
    quantity = models.DecimalField(_("quantité"), max_digits=10, decimal_places=2, default=1)
    unit = models.CharField(_("unité"), max_length=5, choices=Unit.choices, default=Unit.EUROS)
    unit_rate = models.DecimalField(_("taux"), max_digits=10, decimal_places=3, default=0)
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2)
    vehicle_class = models.CharField(_("véhicule"), max_length=20, blank=True)
    electric = models.BooleanField(_("véhicule électrique"), default=False)
    computation = models.TextField(
        _("détail du calcul"), blank=True,
        help_text=_("Le barème appliqué et son texte, pour que chacun puisse refaire le calcul."))
    receipt = models.FileField(_("justificatif"), upload_to=receipt_path, blank=True)

    class Meta:
        verbose_name = _("ligne de frais")
        ordering = ["claim", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_line_amount_positive"),
            models.CheckConstraint(condition=Q(quantity__gt=0),
                                   name="claim_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} — {self.amount} €"


class ClaimEvent(models.Model):
    """The claim's history, as its claimant and the coordinator see it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=Claim.Status.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "at", "id"]

    def __str__(self):
        return f"{self.action} — {self.at:%d/%m/%Y %H:%M}"


class LimitUsage(models.Model):
    """What one person has had approved under one policy in one month or year, against the
    ceiling in force when the row was made. ``used <= ceiling`` is a database check: approvals
    add to ``used`` with an UPDATE, and the one that would pass the ceiling fails there."""

    class Measure(models.TextChoices):
        EUROS = "eur", _("euros")
        HOURS = "hours", _("heures de vacation")

    class Period(models.TextChoices):
        MONTH = "month", _("mois")
        YEAR = "year", _("année")

    policy = models.ForeignKey("expenses.Policy", on_delete=models.CASCADE,
                               related_name="limit_usages")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    measure = models.CharField(max_length=5, choices=Measure.choices)
    period = models.CharField(max_length=5, choices=Period.choices)
    period_start = models.DateField()
    used = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    ceiling = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "user", "measure", "period",
                                            "period_start"], name="limit_usage_one_per_period"),
            models.CheckConstraint(condition=Q(used__lte=F("ceiling")),
                                   name="limit_usage_within_ceiling"),
            models.CheckConstraint(condition=Q(used__gte=0), name="limit_usage_positive"),
        ]

    def __str__(self):
        return f"{self.used}/{self.ceiling} {self.measure} ({self.period} {self.period_start})"


class ServiceMonthTotal(models.Model):
    """The budget page's figures for one service and month, kept as claims are approved and
    paid (in the same transaction), so the page reads twelve rows per service."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="expense_month_totals")
    month = models.DateField()
    approved_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    paid_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    waived_amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    approved_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["service", "month"]
        constraints = [models.UniqueConstraint(fields=["service", "month"],
                                               name="service_month_total_unique")]

    def __str__(self):
        return f"{self.service_id} {self.month:%m/%Y}: {self.approved_amount} €"
