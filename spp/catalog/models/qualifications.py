"""Qualification types and the qualifications people hold, dated and verified by an agent of
the organisation that defines the type (or of one it names)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QualificationType(models.Model):
    """A kind of qualification (initial SPV training, PSC1, patient-expert certificate…).
    ``includes`` lists the qualifications this one also counts as (a "chef d'agrès" also
    counts as an "équipier").

    A type belongs to the organisation that defines it (``owner``): only its members, and those
    of the organisations it names in ``verifiers``, verify a qualification of that type, because
    other services rely on that verification (a roster needing a "chef d'agrès" trusts the
    fire service's word, not a road-works agent's). ``owner`` is required for every new type;
    it is empty only for a type older than owners that no service required when the migration
    ran (docs/permissions.md): nobody verifies those until a superuser gives them an owner.

    The code stays unique across the platform, not per organisation: rosters, the API and
    ``selectors.qualifications_valid_on`` match qualifications by code, and two organisations'
    "equipier" sharing a code would let one's qualification count for the other's needs."""

    code = models.SlugField(_("code"), unique=True)
    owner = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qualification_types",
        help_text=_("L’organisation qui définit la qualification et la vérifie."),
    )
    verifiers = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        verbose_name=_("organisations habilitées à vérifier"),
        related_name="qualification_types_verified",
        help_text=_(
            "Leurs agents vérifient aussi cette qualification, au nom de l’organisation qui "
            "la définit."
        ),
    )
    name = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    evidence_expected = models.TextField(
        _("justificatif attendu"),
        blank=True,
        help_text=_(
            "Ce que la personne présente pour prouver la qualification (diplôme, attestation, "
            "carte…) ; affiché avant l’inscription aux services qui l’exigent."
        ),
    )
    validity_months = models.PositiveIntegerField(
        _("durée de validité (mois)"),
        null=True,
        blank=True,
        help_text=_("Vide : sans expiration."),
    )
    # A type in use (held by someone, or required by a service) is deactivated rather than
    # deleted: no new qualification of that type is recorded, the existing ones still count.
    is_active = models.BooleanField(_("actif"), default=True)
    includes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        verbose_name=_("vaut aussi pour"),
        related_name="included_in",
    )

    class Meta:
        verbose_name = _("type de qualification")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Qualification(models.Model):
    """A person's qualification: typed, dated, with an expiry, verified by an agent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    qualification_type = models.ForeignKey(
        QualificationType,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="held",
    )
    obtained_on = models.DateField(_("obtenue le"))
    expires_on = models.DateField(_("expire le"), null=True, blank=True)
    in_training = models.BooleanField(
        _("en formation"),
        default=False,
        help_text=_("Compte seulement aux côtés d’une personne qualifiée."),
    )
    evidence_reference = models.CharField(_("justificatif"), max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("qualification")
        ordering = ["qualification_type__name", "-obtained_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("obtained_on")),
                name="qualification_expires_after_obtained",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "qualification_type"], name="qualification_user_type_idx")
        ]

    def __str__(self):
        return f"{self.qualification_type} — {self.user}"

    def is_valid_on(self, day: date) -> bool:
        """Valid: verified, obtained by ``day`` and not expired on ``day``."""
        return (
            self.verified_at is not None
            and self.obtained_on <= day
            and (self.expires_on is None or self.expires_on >= day)
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
