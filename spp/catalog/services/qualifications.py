"""Writes to qualifications: declared by the person, recorded and verified by an agent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from spp.catalog import permissions, selectors
from spp.catalog.models import (
    Qualification,
    QualificationType,
)
from spp.core.services import audit_record


def qualification_add(
    *,
    actor,
    user,
    qualification_type: QualificationType,
    obtained_on,
    expires_on=None,
    in_training: bool = False,
    evidence_reference: str = "",
    verify: bool = False,
) -> Qualification:
    """Record a qualification. A citizen may declare their own (unverified); an agent managing
    a service the person is enrolled in may record and verify it."""
    is_self = actor.pk == user.pk
    may_verify = permissions.can_verify_qualifications_of(actor, user)
    if not is_self and not may_verify:
        raise PermissionDenied
    if expires_on is None and qualification_type.validity_months:
        from spp.catalog.selectors import add_months

        expires_on = add_months(obtained_on, qualification_type.validity_months)
    qualification = Qualification(
        user=user,
        qualification_type=qualification_type,
        obtained_on=obtained_on,
        expires_on=expires_on,
        in_training=in_training,
        evidence_reference=evidence_reference,
    )
    if verify and may_verify:
        qualification.verified_by, qualification.verified_at = actor, timezone.now()
    qualification.full_clean()
    with transaction.atomic():
        qualification.save()
        audit_record(
            actor=actor,
            action="qualification.add",
            target=qualification,
            organisation=selectors.authority_answering_for(actor, user),
            data={"verified": qualification.is_verified, "user_id": user.pk},
        )
    return qualification


def qualification_verify(*, actor, qualification: Qualification) -> Qualification:
    """Mark a qualification as verified by ``actor`` (an agent managing one of the person's
    services)."""
    if not permissions.can_verify_qualifications_of(actor, qualification.user):
        raise PermissionDenied
    with transaction.atomic():
        qualification.verified_by, qualification.verified_at = actor, timezone.now()
        qualification.save(update_fields=["verified_by", "verified_at"])
        audit_record(
            actor=actor,
            action="qualification.verify",
            target=qualification,
            organisation=selectors.authority_answering_for(actor, qualification.user),
            data={"user_id": qualification.user_id},
        )
    return qualification
