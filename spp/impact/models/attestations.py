"""Attestations of volunteer activity: what a citizen gave to an authority's services over a
period, issued as a PDF that anyone can check on the platform with its code.

The figures are copied into the row as they were when issued (``lines``), so the
attestation says the same thing on the day it is checked, whatever the ledger receives
afterwards (a correction shows on a new attestation, not on the one already handed out)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Attestation(models.Model):
    code = models.CharField(_("code de vérification"), max_length=20, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="impact_attestations")
    holder_name = models.CharField(_("titulaire"), max_length=300)
    authority = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                  related_name="impact_attestations")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    # [{"service": name, "kind": label, "quantity": "12.50", "unit": label, "acts": n}, …]
    lines = models.JSONField(_("activité attestée"), default=list)
    total_hours = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    issued_at = models.DateTimeField(_("délivrée le"))
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("attestation d’engagement")
        verbose_name_plural = _("attestations d’engagement")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="attestation_period_ordered")]
        indexes = [models.Index(fields=["user", "-issued_at"], name="attestation_user_idx")]

    def __str__(self):
        return self.code  # never the name: the audit log keeps this text after an erasure
