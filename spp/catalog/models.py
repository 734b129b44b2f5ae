"""The services an authority runs with citizens, their charters, the citizens' enrolments,
their qualifications, and the incidents they declare while taking part."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
        indexes = [models.Index(fields=["service", "status"], name="enrolment_service_status_idx")]

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


class QualificationType(models.Model):
    """A kind of qualification (initial SPV training, PSC1, patient-expert certificate…).
    ``includes`` lists the qualifications this one also counts as (a "chef d'agrès" also
    counts as an "équipier")."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveIntegerField(
        _("durée de validité (mois)"),
        null=True,
        blank=True,
        help_text=_("Vide : sans expiration."),
    )
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


class Incident(models.Model):
    """An accident or damage that happened while a contributor took part in a service. The
    authority answers for its occasional collaborators, so its agents follow it up to closure."""

    class Kind(models.TextChoices):
        BODILY_INJURY = "injury", _("Accident corporel")
        PROPERTY_DAMAGE = "damage", _("Dommage matériel")
        THIRD_PARTY = "third_party", _("Dommage causé à un tiers")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        DECLARED = "declared", _("Déclaré")
        ACKNOWLEDGED = "acknowledged", _("Pris en compte")
        IN_FOLLOW_UP = "in_follow_up", _("En cours de traitement")
        CLOSED = "closed", _("Clos")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="incidents")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declared_incidents"
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("survenu le"))
    place = models.CharField(_("lieu"), max_length=200)
    description = models.TextField(_("description des faits"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DECLARED
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_summary = models.TextField(_("conclusion"), blank=True)
    created_at = models.DateTimeField(_("déclaré le"), default=timezone.now)

    class Meta:
        verbose_name = _("incident")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service", "status"], name="incident_service_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.occurred_at:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("catalog:incident_detail", args=[self.pk])


class IncidentUpdate(models.Model):
    """A follow-up note or status change on an incident (its event log)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.note[:60]
