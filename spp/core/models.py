"""The platform's shared tables: people, organisations, the audit log, notifications and the
territory (communes). The participation ledger is the catalog's (``spp.catalog.models``)."""

import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spp.core.colours import validate_brand_colour
from spp.core.validators import validate_siret


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: a citizen, an agent, or both. The email address is the login."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune de résidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preferred_language = models.CharField(
        _("langue"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    email_notifications = models.BooleanField(
        _("recevoir les notifications par courriel"), default=True
    )
    is_staff = models.BooleanField(_("accès à l’administration technique"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)
    # Kept by notification_send and notification_mark_read with F() in each change's
    # transaction: every signed-in page shows it in the menu, read with the person's row.
    # (db_default: the scale generators insert people in bulk, past the ORM.)
    unread_notification_count = models.PositiveIntegerField(
        _("notifications non lues"), default=0, db_default=0, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.label_for(self.first_name, self.last_name, self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @staticmethod
    def label_for(first_name: str, last_name: str, email: str) -> str:
        """How staff lists name a person (``str(user)``): the full name, else the email; from
        a row's columns, for lists read as plain values."""
        return f"{first_name} {last_name}".strip() or email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def public_name(self) -> str:
        """The name shown to the public beside what the person wrote: the first name, or a
        stable "Participant 3F2A" — never the email, which ``get_short_name`` falls back to."""
        if self.first_name:
            return self.first_name
        return gettext("Participant %(code)s") % {"code": self.pseudonym[2:6].upper()}

    @property
    def pseudonym(self) -> str:
        """A stable pseudonym, kept on ledger rows once the person is erased."""
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:user:{self.pk}".encode()).hexdigest()
        return f"p-{digest[:16]}"


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


class AuditLogEntry(models.Model):
    """Who did what, to what, when: one row per consequential action, append-only.

    The database refuses to delete a row and to change what it records (triggers installed
    by the migration ``core.0010_audit_log_append_only``, which states the rule). Two changes
    only are let through: a reference to a deleted person or organisation becomes NULL
    (``SET_NULL``), and an erased person's name, address or phone is taken out of the text
    columns (``target_repr``, ``reason``, ``data``) by ``spp.core.services.erasure``, which
    moves ``redacted_at`` forward in the same UPDATE, so every such rewrite is dated."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("type d’objet"), max_length=80, blank=True)
    target_id = models.CharField(_("identifiant de l’objet"), max_length=64, blank=True)
    target_repr = models.CharField(_("objet"), max_length=255, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    redacted_at = models.DateTimeField(_("expurgée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("entrée du journal d’audit")
        verbose_name_plural = _("journal d’audit")
        ordering = ["-created_at", "-id"]
        indexes = [
            # In the journal's order (newest first, id breaking ties): an organisation's page
            # reads 25 index entries, however many other organisations wrote since.
            models.Index(fields=["organisation", "-created_at", "-id"],
                         name="audit_org_recent_idx")
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class Notification(models.Model):
    """An in-app message to one person; an email copy is sent by a task when they want it."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The unread ones (read_at IS NULL) and the list, newest first: the list's order
            # needs its own index, or every page sorts the whole inbox.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            ),
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_recent_idx"
            ),
        ]

    def __str__(self):
        return self.title


class IdempotencyRecord(models.Model):
    """Remembers the answer to a write made with an Idempotency-Key, so a retry gets the same
    answer and creates nothing. The unique constraint makes concurrent retries safe."""

    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=120)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)
    fingerprint = models.CharField(max_length=64, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self):
        return f"{self.scope}:{self.key}"


class FormToken(models.Model):
    """One-time token embedded in an HTML form so a double submission creates nothing twice."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    scope = models.CharField(max_length=120)
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.token)


class CacheVersion(models.Model):
    """The version of what a cached fragment shows (DESIGN.md, "Fast without tricks"): a
    fragment is cached under its name and this number, and the write that changes what it shows
    moves the number in its own transaction (``services.cache_version_bump``). A reader then
    either sees the new number with the new rows, or the old number with the old rows: no cache
    write can be lost, and every process agrees."""

    name = models.CharField(max_length=200, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} v{self.number}"


def personal_data_export_path(export, filename):
    # Not a name /media/ serves (spp/core/views/media.py): only
    # ``core:personal_data_export_download`` serves it, to its owner.
    return f"personal-data/{export.user_id}/{export.token}.zip"


class PersonalDataExport(models.Model):
    """One ZIP of everything the platform holds about a person (``spp.core.personal_data``),
    built by a task and downloadable by its owner until ``expires_at``. At most one is being
    prepared per person at a time (the constraint), so a double click builds one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en préparation")
        READY = "ready", _("prête")
        FAILED = "failed", _("échouée")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="personal_data_exports")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=personal_data_export_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="personal_data_export_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}:{self.token}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


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


class PersonSession(AbstractBaseSession):
    """A browser's session (Django's session table) with the person signed in on it, so that
    erasing a person ends every session of theirs, here and in any cached copy, without
    decoding every session of the platform (``spp/core/sessions.py``, ``SESSION_ENGINE``)."""

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from spp.core.sessions import SessionStore

        return SessionStore
