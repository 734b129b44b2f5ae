"""An organisation's API tokens: issued by its admins (the token returned once, in clear),
revoked by them, and checked on each API request (``spp.core.api_auth``)."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core import permissions
from spp.core.models import ApiToken, Organisation, User
from spp.core.services.audit import audit_record

TOKEN_PREFIX = "spp_"
# How much of the token the list shows, to recognise it: "spp_" and 8 random characters
# (48 bits), useless to guess the remaining 256 bits from.
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 8
# last_used_at is written at most this often: an integration polling several times a second
# would otherwise queue its requests behind the lock of one row.
LAST_USED_PRECISION = timedelta(minutes=1)
# How long a token may live: a person picks one of these when issuing it (None: until revoked).
LIFETIMES_DAYS = (30, 90, 365)


def hash_token(raw: str) -> str:
    """SHA-256 of the token: enough for 32 random bytes (no dictionary to try), and cheap
    enough for every request."""
    return hashlib.sha256(raw.encode()).hexdigest()


def looks_like_api_token(raw: str | None) -> bool:
    return bool(raw) and raw.startswith(TOKEN_PREFIX)


def _authorize(actor: User, organisation: Organisation) -> None:
    if not permissions.manages_api_tokens(actor, organisation):
        raise PermissionDenied


def api_token_create(*, actor: User, organisation: Organisation, name: str, scope: str,
                     lifetime_days: int | None = None) -> tuple[ApiToken, str]:
    """Issue a token to an integration of ``organisation``; returns (token, the clear token).
    Only its hash is kept, so the clear token is shown once, by the caller."""
    _authorize(actor, organisation)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Donnez un nom au jeton (l’application ou l’usage qu’il sert).")
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Choisissez la portée du jeton : lecture, ou lecture et écriture.")
    if lifetime_days is not None and lifetime_days not in LIFETIMES_DAYS:
        errors["lifetime_days"] = _("Choisissez une durée de validité proposée.")
    if errors:
        raise ValidationError(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation, name=name[:120], scope=scope, prefix=raw[:VISIBLE_LENGTH],
            secret_hash=hash_token(raw), created_by=actor, created_at=now,
            expires_at=now + timedelta(days=lifetime_days) if lifetime_days else None,
        )
        audit_record(actor=actor, action="api_token.create", target=token,
                     organisation=organisation, data={"scope": scope, "prefix": token.prefix})
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Refuse the token from this commit on. Revoking a revoked token changes nothing and
    writes nothing (a second click, a retry)."""
    _authorize(actor, token.organisation)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at, locked.revoked_by = timezone.now(), actor
            locked.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(actor=actor, action="api_token.revoke", target=locked,
                         organisation=locked.organisation)
    locked.organisation = token.organisation
    return locked


def api_token_authenticate(raw: str | None) -> ApiToken | None:
    """The active token (neither revoked nor expired) whose clear value is ``raw``, with its
    organisation; None otherwise. Looked up by its hash (unique index): the comparison is the
    database's equality on a digest, which tells an attacker nothing about the token."""
    if not looks_like_api_token(raw):
        return None
    token = (ApiToken.objects.select_related("organisation")
             .filter(secret_hash=hash_token(raw)).first())
    now = timezone.now()
    if token is None or not token.is_active(now):
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
