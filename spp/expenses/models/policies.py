"""A service's indemnification policy, set by its authority: the kind of indemnity, which
costs are covered and on what evidence, the ceilings, the deadline to claim and who approves."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CostCategory(models.TextChoices):
    MILEAGE = "mileage", _("Kilomètres en véhicule personnel")
    PUBLIC_TRANSPORT = "public_transport", _("Transports en commun")
    PARKING_TOLLS = "parking_tolls", _("Stationnement et péages")
    MEALS = "meals", _("Repas")
    CHILDCARE = "childcare", _("Garde d’enfants pendant la participation")
    EQUIPMENT = "equipment", _("Équipement")
    OTHER = "other", _("Autres frais")
    HOURLY_ALLOWANCE = "hourly_allowance", _("Vacations horaires (sapeurs-pompiers volontaires)")


class Policy(models.Model):
    class Kind(models.TextChoices):
        REIMBURSEMENT = "reimbursement", _(
            "Remboursement des frais (barème des agents publics)")
        WAIVABLE = "waivable", _(
            "Remboursement ou abandon de frais à l’opérateur (barème fiscal, reçu fiscal)")
        SPV_ALLOWANCE = "spv_allowance", _("Indemnités horaires de sapeur-pompier volontaire")

    class Approver(models.TextChoices):
        COORDINATOR = "coordinator", _("Un coordinateur ou un administrateur")
        ADMIN = "admin", _("Un administrateur seulement")

    service = models.OneToOneField("catalog.Service", on_delete=models.CASCADE,
                                   related_name="expense_policy")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("ouverte aux demandes"), default=True)
    claim_deadline_days = models.PositiveIntegerField(
        _("délai pour demander (jours)"), default=90,
        help_text=_("Nombre de jours après la participation pendant lesquels on peut demander."))
    approver = models.CharField(_("qui valide"), max_length=20, choices=Approver.choices,
                                default=Approver.COORDINATOR)
    bulk_approval_allowed = models.BooleanField(_("validation groupée permise"), default=False)
    ceiling_per_claim = models.DecimalField(_("plafond par demande (€)"), max_digits=10,
                                            decimal_places=2, null=True, blank=True)
    ceiling_per_month = models.DecimalField(_("plafond par personne et par mois (€)"),
                                            max_digits=10, decimal_places=2, null=True,
                                            blank=True)
    ceiling_per_year = models.DecimalField(_("plafond par personne et par an (€)"),
                                           max_digits=10, decimal_places=2, null=True,
                                           blank=True)
    annual_hour_cap = models.PositiveIntegerField(
        _("vacations horaires par personne et par an"), null=True, blank=True,
        help_text=_("Plafond fixé par le conseil d’administration du SDIS."))
    monthly_budget = models.DecimalField(_("budget mensuel prévu (€)"), max_digits=12,
                                         decimal_places=2, null=True, blank=True)
    payer_name = models.CharField(
        _("organisme payeur"), max_length=70, blank=True,
        help_text=_("Le titulaire du compte qui rembourse, tel qu’il figure sur le virement."))
    payer_iban = models.CharField(_("IBAN du payeur"), max_length=34, blank=True)
    payer_bic = models.CharField(_("BIC du payeur"), max_length=11, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("politique d’indemnisation")
        verbose_name_plural = _("politiques d’indemnisation")
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling_per_claim__isnull=True) | Q(ceiling_per_claim__gte=0),
                name="policy_claim_ceiling_positive"),
            models.CheckConstraint(
                condition=Q(ceiling_per_month__isnull=True) | Q(ceiling_per_month__gte=0),
                name="policy_month_ceiling_positive"),
            models.CheckConstraint(
                condition=Q(ceiling_per_year__isnull=True) | Q(ceiling_per_year__gte=0),
                name="policy_year_ceiling_positive"),
        ]

    def __str__(self):
        return f"{self.service} — {self.get_kind_display()}"

    @property
    def mileage_table_kind(self) -> str:
        """The régie reimburses at the public agents' rates; a waiver is valued with the tax
        scale (what the tax office accepts for a gift of costs)."""
        from spp.expenses.models.rates import RateTable

        if self.kind == self.Kind.WAIVABLE:
            return RateTable.Kind.TAX_MILEAGE
        return RateTable.Kind.AGENT_MILEAGE


class PolicyCost(models.Model):
    """One kind of cost the policy covers. ``receipt_required_above``: a receipt is needed when
    the line's amount is above it (0: always; empty: never)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("nature du frais"), max_length=20,
                                choices=CostCategory.choices)
    receipt_required_above = models.DecimalField(
        _("justificatif exigé au-delà de (€)"), max_digits=8, decimal_places=2, null=True,
        blank=True, default=0)
    ceiling_per_claim = models.DecimalField(_("plafond par demande (€)"), max_digits=10,
                                            decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("frais couvert")
        ordering = ["policy", "category"]
        constraints = [models.UniqueConstraint(fields=["policy", "category"],
                                               name="policy_cost_one_per_category")]

    def __str__(self):
        return self.get_category_display()

    def receipt_required_for(self, amount) -> bool:
        return self.receipt_required_above is not None and amount > self.receipt_required_above
