"""People: the person (the login is the email address) and their browser sessions."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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
