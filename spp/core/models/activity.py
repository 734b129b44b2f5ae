"""What happens to and around a person: the append-only audit log, their notifications, and the
exports of their personal data."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.core.models.organisations import Organisation
from spp.core.models.people import User


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
