"""Open311 client applications (their api_key, of which only a hash is kept) and the link
between a request posted through Open311 and the report it created (with its token). An
organisation's API token (spp.core.models.ApiToken) of write scope files requests too: it sits
beside the Open311 keys, which stay for the clients issued by platform staff."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """An application allowed to POST service requests. The key is shown once, at issue."""

    name = models.CharField(_("nom de l’application"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("début de la clé"), max_length=8, editable=False)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    # The authority whose admins manage the client in the back office (/gestion/); empty for
    # the clients issued by platform staff or by ``manage.py open311_key``.
    organisation = models.ForeignKey("core.Organisation", verbose_name=_("organisation"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="open311_clients")
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    key_issued_at = models.DateTimeField(_("clé délivrée le"), default=timezone.now)

    class Meta:
        verbose_name = _("application cliente Open311")
        verbose_name_plural = _("applications clientes Open311")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"


class Submission(models.Model):
    """A service request received through Open311: who sent it — a client application with
    its Open311 key, or an organisation's API token (spp.core) of write scope, never both —
    and its token."""

    client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="submissions")
    api_token = models.ForeignKey("core.ApiToken", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="open311_submissions")
    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE,
                                  related_name="open311_submission")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    device_id = models.CharField(max_length=120, blank=True)
    account_id = models.CharField(max_length=120, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False, api_token__isnull=True)
                | models.Q(client__isnull=True, api_token__isnull=False),
                name="open311_submission_one_sender",
            ),
        ]

    def __str__(self):
        return str(self.token)
