"""Writes to the participation ledger. The pattern apps record their acts here
(``participation_record``, or ``participations_record_many`` for thousands at once); a
service's managers offset a wrong row (``participation_correct``); erasing a person unlinks
their rows (``participation_unlink_user``, through the catalog's
``AppConfig.personal_data_erase``)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from spp.catalog import permissions
from spp.catalog.models import Participation
from spp.core.services import audit_record


def participation_record(
    *,
    user,
    service,
    kind: str,
    quantity: Decimal | int | float,
    unit: str,
    occurred_at=None,
    source_key: str = "",
    description: str = "",
    recorded_by=None,
    accepted_by=None,
    accepted_at=None,
) -> Participation:
    """Write one row to the participation ledger.

    ``source_key`` names the act (``"rosters.assignment:42"``); recording the same act twice
    returns the existing row instead of a duplicate (the database's unique constraint decides,
    so concurrent retries are safe too).
    """
    quantity = Decimal(str(quantity))
    if quantity == 0:
        raise ValueError("A participation has a non-zero quantity.")
    if source_key:
        existing = Participation.objects.filter(
            source_key=source_key, pseudonym=user.pseudonym
        ).first()
        if existing is not None:
            return existing
    row = Participation(
        user=user,
        pseudonym=user.pseudonym,
        service=service,
        kind=kind,
        quantity=quantity,
        unit=unit,
        occurred_at=occurred_at or timezone.now(),
        source_key=source_key,
        description=description[:255],
        recorded_by=recorded_by,
        accepted_by=accepted_by,
        accepted_at=accepted_at or (timezone.now() if accepted_by else None),
    )
    row.full_clean(exclude=["user", "service", "recorded_by", "accepted_by", "corrects"])
    try:
        with transaction.atomic():
            row.save()
    except Exception:
        if source_key:
            existing = Participation.objects.filter(
                source_key=source_key, pseudonym=user.pseudonym
            ).first()
            if existing is not None:
                return existing
        raise
    return row


def participations_record_many(rows: list[Participation], *, batch_size: int = 1000) -> None:
    """Write many new ledger rows at once (``Participation`` instances, not yet saved), for
    writers that record thousands of acts in one transaction (a payment export). Each row
    needs its ``source_key``: a row whose act is already recorded is skipped, not duplicated
    (the unique constraint decides, with ``ignore_conflicts``). Quantities must not be zero."""
    for row in rows:
        if not row.source_key or row.quantity == 0:
            raise ValueError("Each row needs a source_key and a non-zero quantity.")
    Participation.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)


def participation_correct(*, actor, original: Participation, reason: str) -> Participation:
    """Offset a ledger row with a new row of the opposite quantity (the ledger is append-only)."""
    if not permissions.manages_service(actor, original.service):  # its authority or operator
        raise PermissionDenied
    with transaction.atomic():
        correction = Participation(
            user=original.user,
            pseudonym=original.pseudonym,
            service=original.service,
            kind=Participation.Kind.CORRECTION,
            quantity=-original.quantity,
            unit=original.unit,
            occurred_at=original.occurred_at,
            description=reason[:255],
            recorded_by=actor,
            corrects=original,
        )
        correction.save()
        audit_record(
            actor=actor,
            action="participation.correct",
            target=original,
            organisation=original.service.authority,
            reason=reason,
        )
    return correction


def participation_unlink_user(*, user) -> int:
    """Detach a person's rows from them as they are erased: each keeps its pseudonym, so the
    services' figures stay right while nobody can tell whose they were. An UPDATE, not
    ``save()``: the only change the append-only ledger allows."""
    return Participation.objects.filter(user=user).update(user=None)
