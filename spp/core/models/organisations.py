"""Organisations (public authorities and their operators), the territory's communes, the roles
people hold in an organisation, the invitations to a role, and the organisations' API tokens."""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.core.colours import validate_brand_colour
from spp.core.models.people import User
from spp.core.validators import validate_siret


class Commune(models.Model):
    """A French commune (INSEE's Code officiel géographique; see data/README.md)."""

    insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    departement = models.CharField(_("département"), max_length=3, db_index=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    boundary = models.JSONField(_("limites (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.insee})"


class Organisation(models.Model):
    """A public authority, or an operator to which an authority delegates a service."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Autorité publique")
        OPERATOR = "operator", _("Opérateur délégataire")

    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    legal_form = models.CharField(_("forme juridique"), max_length=120, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#1f4e8c",
        validators=[validate_brand_colour],
        help_text=_("Sert de fond au bandeau, texte blanc : le contraste doit atteindre 4,5:1."),
    )
    accent_colour = models.CharField(
        _("couleur d’accent"), max_length=7, default="#b3261e", validators=[validate_brand_colour]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:organisation_detail", args=[self.slug])


class Membership(models.Model):
    """A person's role in an organisation. Roles, from most to least powerful:
    admin (runs the organisation on the platform), coordinator (organises the services),
    agent (handles day-to-day work)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur")
        COORDINATOR = "coordinator", _("Coordinateur")
        AGENT = "agent", _("Agent")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class Invitation(models.Model):
    """An organisation's invitation to someone with no account yet: the link in the email
    (``token``) attaches the role once they have signed up with that address and verified it.
    One pending invitation per organisation and address; it lapses after ``VALID_FOR``."""

    VALID_FOR = timedelta(days=14)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=20, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="invitation_one_pending_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()} — {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (self.accepted_at is None and self.cancelled_at is None
                and self.expires_at > timezone.now())


class ApiToken(models.Model):
    """A token an organisation's admin issues to an integration (a data export, an Open311
    client, a script over the REST API). It acts for the organisation, within its scope: *read*
    only reads (GET), *write* may also write where an endpoint allows an organisation to.

    The token is 32 random bytes, shown once: only its SHA-256 (``secret_hash``) is kept — a
    slow password hash buys nothing against 256 random bits and would cost every request — and
    its first characters (``prefix``, e.g. ``spp_Ab3dE5fG``) so a person recognises it in the
    list. A revoked or expired token is refused from then on; the row stays, for the audit."""

    class Scope(models.TextChoices):
        READ = "read", _("lecture")
        WRITE = "write", _("lecture et écriture")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nom"), max_length=120)
    scope = models.CharField(_("portée"), max_length=10, choices=Scope.choices,
                             default=Scope.READ)
    prefix = models.CharField(_("début du jeton"), max_length=16, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("jeton d’API")
        verbose_name_plural = _("jetons d’API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(scope__in=["read", "write"]),
                                   name="api_token_scope_known"),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        """Neither revoked nor expired at ``now``."""
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
