"""The services an authority runs with citizens, the participation patterns they enable, and
their versioned charters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Pattern(models.TextChoices):
    """The participation patterns a service may enable; each is served by one app."""

    ROSTER = "roster", _("Disponibilités, gardes et permanences")
    REPORTS = "reports", _("Signalements géolocalisés")
    CARPOOL = "carpool", _("Covoiturage")
    PEERS = "peers", _("Accompagnement par des pairs")
    CONSULTATION = "consultation", _("Consultation")


class Service(models.Model):
    """One shared public service. It belongs to an authority; an operator, when set, runs it
    by delegation (none means the authority runs it itself, "en régie")."""

    authority = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("autorité"),
        on_delete=models.PROTECT,
        related_name="services",
        limit_choices_to={"kind": "authority"},
    )
    operator = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("opérateur délégataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_services",
        limit_choices_to={"kind": "operator"},
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    patterns = models.JSONField(_("modes de participation"), default=list)
    territory_label = models.CharField(_("territoire"), max_length=200)
    communes = models.ManyToManyField(
        "core.Commune", verbose_name=_("communes couvertes"), blank=True, related_name="services"
    )
    requires_approval = models.BooleanField(
        _("inscription validée par un agent"),
        default=True,
        help_text=_("Sinon, l’inscription est active dès l’acceptation de la charte."),
    )
    required_qualifications = models.ManyToManyField(
        "catalog.QualificationType",
        verbose_name=_("qualifications requises"),
        blank=True,
        related_name="required_by_services",
    )
    indemnification_summary = models.TextField(
        _("politique d’indemnisation"),
        blank=True,
        help_text=_("Les frais engagés peuvent être indemnisés, jamais le travail."),
    )
    reference_hourly_cost = models.DecimalField(
        _("coût horaire de référence (€)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Sert à estimer la valeur de la participation dans les bilans d’impact."),
    )
    is_published = models.BooleanField(_("publié"), default=True)
    # Kept by the enrolment services with F() in each change's transaction, so that the
    # public pages and the back office never count a service's enrolments.
    active_participant_count = models.PositiveIntegerField(
        _("participants actifs"),
        default=0,
        editable=False,
        help_text=_("Tenu à jour à chaque changement d’état d’une inscription."),
    )
    pending_enrolment_count = models.PositiveIntegerField(
        _("demandes d’inscription en attente"),
        default=0,
        editable=False,
        help_text=_("Tenu à jour à chaque changement d’état d’une inscription."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service public partagé")
        verbose_name_plural = _("services publics partagés")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:service_detail", args=[self.slug])

    def clean(self):
        unknown = set(self.patterns or []) - set(Pattern.values)
        if unknown or not self.patterns:
            raise ValidationError({"patterns": _("Choisissez au moins un mode de participation.")})
        if self.authority_id and self.authority.kind != "authority":
            raise ValidationError(
                {"authority": _("Un service appartient à une autorité publique.")}
            )
        if self.operator_id and self.operator.kind != "operator":
            raise ValidationError({"operator": _("Le délégataire doit être un opérateur.")})

    @property
    def is_delegated(self) -> bool:
        return self.operator_id is not None

    def pattern_labels(self) -> list[str]:
        return [Pattern(code).label for code in self.patterns if code in Pattern.values]


class Charter(models.Model):
    """A version of a service's charter. Publishing a new version asks every active contributor
    to accept it again before acting."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("charte")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="charter_version_unique"),
        ]

    def __str__(self):
        return f"{self.service} — v{self.version}"
