"""Paying approved claims, or recording that they were given up: the contributor's bank account,
each payment export (CSV for the finance software, SEPA credit transfer file), the signed
waivers of a delegated service's contributors and the yearly tax receipts they earn."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayoutAccount(models.Model):
    """Where a contributor's reimbursements go. The IBAN and BIC are checked with schwifty by
    the service that saves them (``payout_account_set``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="payout_account")
    holder_name = models.CharField(_("titulaire du compte"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("compte de remboursement")

    def __str__(self):
        return f"{self.holder_name} — {self.iban[:4]}…{self.iban[-4:]}"


def export_path(export, filename):
    return f"expenses/exports/{export.service_id}/{filename}"


class PaymentExport(models.Model):
    """One run of "export for payment": the claims it took are marked paid in the same
    transaction, so the next run cannot take them again. The file is written once and kept,
    so the finance service downloads exactly what was recorded."""

    class Format(models.TextChoices):
        CSV = "csv", _("Tableur CSV pour le logiciel financier")
        SEPA = "sepa", _("Virement SEPA (pain.001.001.09)")

    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="expense_exports")
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    message_id = models.CharField(_("référence du fichier"), max_length=35, unique=True)
    claim_count = models.PositiveIntegerField(_("demandes"), default=0)
    total = models.DecimalField(_("montant total"), max_digits=14, decimal_places=2, default=0)
    file = models.FileField(_("fichier"), upload_to=export_path, blank=True)
    claimants_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("export de paiement")
        verbose_name_plural = _("exports de paiement")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.message_id} ({self.claim_count} demandes, {self.total} €)"


class Waiver(models.Model):
    """A contributor gives up the reimbursement of one claim in favour of the operator (an
    association): the signed wording is kept as it was shown, with who signed and when."""

    claim = models.OneToOneField("expenses.Claim", on_delete=models.PROTECT,
                                 related_name="waiver")
    operator = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                 related_name="expense_waivers")
    wording = models.TextField(_("texte signé"))
    signer_name = models.CharField(_("nom du signataire"), max_length=200)
    signer_address = models.TextField(_("adresse du signataire"))
    signed_at = models.DateTimeField(_("signé le"))

    class Meta:
        verbose_name = _("renonciation au remboursement")
        verbose_name_plural = _("renonciations au remboursement")

    def __str__(self):
        return f"Renonciation — demande n° {self.claim_id}"


class TaxReceipt(models.Model):
    """The yearly "reçu au titre des dons" (Cerfa n° 11580*05) for the costs a contributor gave
    up to one operator. Its fields are the receipt as issued: the PDF is drawn from them."""

    operator = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                 related_name="tax_receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="tax_receipts")
    year = models.PositiveIntegerField(_("année des dons"))
    number = models.CharField(_("numéro d’ordre"), max_length=30)
    donor_name = models.CharField(_("donateur"), max_length=200)
    donor_address = models.TextField(_("adresse du donateur"))
    amount = models.DecimalField(_("montant"), max_digits=12, decimal_places=2)
    beneficiary = models.JSONField(
        _("bénéficiaire, tel qu’au jour du reçu"), default=dict,
        help_text=_("Nom, SIREN, adresse, objet et qualité de l’organisme à l’émission."))
    issued_at = models.DateTimeField(_("émis le"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reçu fiscal")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "number"], name="tax_receipt_number"),
            models.UniqueConstraint(fields=["operator", "user", "year"],
                                    condition=Q(user__isnull=False),
                                    name="tax_receipt_one_per_donor_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tax_receipt_positive"),
        ]

    def __str__(self):
        return f"Reçu n° {self.number} — {self.amount} €"
