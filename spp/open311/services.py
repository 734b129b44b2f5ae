"""Writes of the Open311 interface: issuing api keys and filing service requests (which are
reports, created by spp.reports.services like any other)."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record
from spp.open311 import permissions
from spp.open311.models import ApiClient, Submission
from spp.reports import services as report_services
from spp.reports.models import Report


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_key() -> str:
    return "o311_" + secrets.token_urlsafe(32)


def api_client_create(*, actor, name: str, contact_email: str = "",
                      organisation=None) -> tuple[ApiClient, str]:
    """Issue a key to a client application; returns (client, raw key). Only the hash is kept,
    so the raw key is shown once. ``actor=None`` for the management command; with an
    ``organisation``, only its admins (an authority's) may issue it; without, only platform
    staff (the technical back-office)."""
    if organisation is not None:
        if actor is not None and not permissions.manages_api_clients(actor, organisation):
            raise PermissionDenied
    elif actor is not None and not actor.is_staff:
        raise PermissionDenied
    raw = _new_key()
    with transaction.atomic():
        client = ApiClient.objects.create(name=name, key_hash=hash_key(raw), key_prefix=raw[:8],
                                          contact_email=contact_email, created_by=actor,
                                          organisation=organisation)
        audit_record(actor=actor, action="open311.key_issue", target=client,
                     organisation=organisation)
    return client, raw


def _check_manager(actor, client: ApiClient) -> None:
    if client.organisation is None:
        allowed = actor.is_staff
    else:
        allowed = permissions.manages_api_clients(actor, client.organisation)
    if not allowed:
        raise PermissionDenied


def api_client_rotate(*, actor, client: ApiClient) -> tuple[ApiClient, str]:
    """Replace the client's key with a new one, returned raw (shown once): the old key is
    refused from the moment this commits. A revoked client stays revoked (no new key)."""
    _check_manager(actor, client)
    raw = _new_key()
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        if not locked.is_active:
            raise ValidationError(_("Cette application est révoquée : sa clé ne peut être "
                                    "renouvelée."))
        locked.key_hash, locked.key_prefix = hash_key(raw), raw[:8]
        locked.key_issued_at = timezone.now()
        locked.save(update_fields=["key_hash", "key_prefix", "key_issued_at"])
        audit_record(actor=actor, action="open311.key_rotate", target=locked,
                     organisation=locked.organisation)
    return locked, raw


def api_client_revoke(*, actor, client: ApiClient) -> ApiClient:
    """Refuse the client's key from now on (the client and its submissions are kept).
    Revoking a revoked client changes nothing and writes nothing."""
    _check_manager(actor, client)
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        if locked.is_active:
            locked.is_active = False
            locked.save(update_fields=["is_active"])
            audit_record(actor=actor, action="open311.key_revoke", target=locked,
                         organisation=locked.organisation)
    return locked


LAST_USED_PRECISION = timedelta(minutes=1)


def api_client_authenticate(raw: str | None) -> ApiClient | None:
    """The active client holding ``raw``, or None. ``last_used_at`` is written at most once a
    minute: during a storm a client posts a hundred requests a second, and each writing the
    same row would queue them all behind its lock."""
    if not raw:
        return None
    client = ApiClient.objects.filter(key_hash=hash_key(raw), is_active=True).first()
    now = timezone.now()
    if client is not None and (
        client.last_used_at is None or client.last_used_at < now - LAST_USED_PRECISION
    ):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


def request_create(*, client: ApiClient | None = None, api_token=None, category,
                   latitude: float, longitude: float, description: str, email: str = "",
                   attribute_values: dict, address: str = "", device_id: str = "",
                   account_id: str = "", media_url: str = "") -> Submission:
    """File the report and remember who sent it — the ``client`` application or the
    organisation's ``api_token``, one of them (in one transaction)."""
    with transaction.atomic():
        report = report_services.report_create(
            actor=AnonymousUser(), service=category.service, category=category,
            latitude=latitude, longitude=longitude, description=description, email=email,
            address=address, attribute_values=attribute_values, source=Report.Source.OPEN311,
            require_email=False)
        return Submission.objects.create(client=client, api_token=api_token, report=report,
                                         device_id=device_id[:120],
                                         account_id=account_id[:120], media_url=media_url[:500])
