"""Idempotent API writes: the first request with a given Idempotency-Key does the work and
stores its answer; every retry (even concurrent) gets that same answer and creates nothing.

The record is inserted first, in the same transaction as the work: the unique constraint on
(scope, key) makes a concurrent twin wait on the row lock and then fail, after which it reads
the stored answer."""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from ninja.errors import HttpError

from spp.core.models import IdempotencyRecord


def _fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(
    request, *, key: str | None, scope: str, payload, create: Callable
) -> tuple[int, object]:
    """Run ``create()`` (returning ``(status, body)``) once per key; replay the answer after."""
    if not key:
        return create()
    user_id = request.user.pk if getattr(request.user, "is_authenticated", False) else None
    scope = f"{scope}:{user_id or 'anonymous'}"
    fingerprint = _fingerprint(payload)
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                key=key[:255], scope=scope, user_id=user_id, fingerprint=fingerprint
            )
            status, body = create()
            record.status_code, record.response_body = status, body
            record.save(update_fields=["status_code", "response_body"])
            return status, body
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(key=key[:255], scope=scope).first()
        if record is None or record.status_code is None:
            raise HttpError(409, "Une requête avec cette clé d’idempotence est en cours.") from None
        if record.fingerprint != fingerprint:
            raise HttpError(
                422, "Cette clé d’idempotence a déjà servi pour une autre requête."
            ) from None
        return record.status_code, record.response_body
