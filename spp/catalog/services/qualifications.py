"""Writes to qualifications: declared by the person, recorded and verified by an agent of the
organisation that defines the type (or of one it names: ``QualificationType.verifiers``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog import permissions, selectors
from spp.catalog.models import (
    Qualification,
    QualificationType,
)
from spp.core import permissions as core_permissions
from spp.core.models import Organisation
from spp.core.services import audit_record


def _locked_type(qualification_type: QualificationType) -> QualificationType:
    """The type's row, locked until the end of the caller's transaction: an admin changing who
    may verify it (``qualification_type_set_verifiers`` locks it too) waits, so the check and
    the verification see the same organisations."""
    return (
        QualificationType.objects.select_for_update()
        .prefetch_related("verifiers")
        .get(pk=qualification_type.pk)
    )


def _audit_organisations(actor, person, qualification_type) -> list:
    """Where a verification is written in the audit log, each once: the type's owner (it
    answers for the type, its admins must see who verified in its name), the organisation the
    actor verified for (the owner or a named one), and the authority of the service through
    which the actor reached the person (its admins already read that entry before)."""
    member_of = core_permissions.roles_by_organisation(actor)
    verifying = permissions.verifying_organisation_ids(qualification_type)
    acting = (
        qualification_type.owner_id
        if qualification_type.owner_id in member_of
        else min((o for o in verifying if o in member_of), default=None)
    )
    answering = selectors.authority_answering_for(actor, person)
    ids = [qualification_type.owner_id, acting, answering.pk if answering else None]
    ordered = list(dict.fromkeys(i for i in ids if i is not None))
    by_id = Organisation.objects.in_bulk(ordered)
    return [by_id[i] for i in ordered if i in by_id]


def refusal_message() -> str:
    return _(
        "Vous ne pouvez pas enregistrer ni vérifier cette qualification : seule l’organisation "
        "qui la définit, ou une organisation qu’elle habilite, la vérifie."
    )


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
    """Record a qualification. A citizen may declare their own (unverified, never verified by
    themself); someone else records it only if they may verify that type for that person
    (``permissions.can_verify_qualification``): otherwise PermissionDenied."""
    is_self = actor.pk == user.pk
    if expires_on is None and qualification_type.validity_months:
        expires_on = selectors.add_months(obtained_on, qualification_type.validity_months)
    qualification = Qualification(
        user=user,
        qualification_type=qualification_type,
        obtained_on=obtained_on,
        expires_on=expires_on,
        in_training=in_training,
        evidence_reference=evidence_reference,
    )
    with transaction.atomic():
        locked = _locked_type(qualification_type)
        if not is_self and not permissions.can_verify_qualification(actor, user, locked):
            raise PermissionDenied(refusal_message())
        if not locked.is_active:
            raise ValidationError(
                {"qualification_type": _("Ce type de qualification est désactivé.")}
            )
        if verify and not is_self:
            qualification.verified_by, qualification.verified_at = actor, timezone.now()
        qualification.full_clean()
        qualification.save()
        organisations = (
            [selectors.authority_answering_for(actor, user)]
            if is_self
            else _audit_organisations(actor, user, locked)
        )
        data = {"verified": qualification.is_verified, "user_id": user.pk,
                "owner_id": locked.owner_id}
        for organisation in organisations or [None]:
            audit_record(actor=actor, action="qualification.add", target=qualification,
                         organisation=organisation, data=data)
    return qualification


def qualification_verify(*, actor, qualification: Qualification) -> Qualification:
    """Mark a qualification as verified by ``actor``: a member of the organisation that owns
    its type (or of one the type names) who manages one of the person's services. Anyone else
    gets PermissionDenied."""
    with transaction.atomic():
        locked = _locked_type(qualification.qualification_type)
        if not permissions.can_verify_qualification(actor, qualification.user, locked):
            raise PermissionDenied(refusal_message())
        qualification.verified_by, qualification.verified_at = actor, timezone.now()
        qualification.save(update_fields=["verified_by", "verified_at"])
        data = {"user_id": qualification.user_id, "owner_id": locked.owner_id}
        for organisation in _audit_organisations(actor, qualification.user, locked) or [None]:
            audit_record(actor=actor, action="qualification.verify", target=qualification,
                         organisation=organisation, data=data)
    return qualification
