"""Writes to qualification types: each belongs to the organisation that defines it, whose
admins (and the superusers) create, edit, deactivate (when in use) or delete (when not) it and
name the organisations also allowed to verify it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spp.catalog import permissions
from spp.catalog.models import QualificationType
from spp.core.services import audit_record


def _in_use_message() -> str:
    return _("Ce type de qualification est utilisé : désactivez-le plutôt que de le supprimer.")


EDITABLE_FIELDS = ("name", "description", "evidence_expected", "validity_months")


def _check(actor, owner_id) -> None:
    if owner_id is None or not permissions.can_manage_qualification_types_of(actor, owner_id):
        raise PermissionDenied


def _unique_code(name: str) -> str:
    """A code from the name (``Premiers secours PSC1`` → ``premiers-secours-psc1``), with a
    number added when taken. The unique index settles a race between two creations."""
    max_length = QualificationType._meta.get_field("code").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "qualification"
    code, number = base, 2
    while QualificationType.objects.filter(code=code).exists():
        code, number = f"{base}-{number}", number + 1
    return code


def qualification_type_create(
    *,
    actor,
    owner,
    name: str,
    description: str = "",
    evidence_expected: str = "",
    validity_months: int | None = None,
    verifiers=(),
) -> QualificationType:
    """A new, active type of ``owner`` (an organisation ``actor`` administers), whose code is
    made from its name (and never changes after); ``verifiers``: the organisations it names as
    also verifying it."""
    _check(actor, owner.pk if owner is not None else None)
    qualification_type = QualificationType(
        owner=owner,
        code=_unique_code(name),
        name=name,
        description=description,
        evidence_expected=evidence_expected,
        validity_months=validity_months,
    )
    qualification_type.full_clean()
    with transaction.atomic():
        qualification_type.save()
        named = sorted({o.pk for o in verifiers} - {owner.pk})
        qualification_type.verifiers.set(named)
        audit_record(
            actor=actor,
            action="qualification_type.create",
            target=qualification_type,
            organisation=owner,
            data={"code": qualification_type.code, "verifiers": named},
        )
    return qualification_type


def qualification_type_update(
    *, actor, qualification_type: QualificationType, **changes
) -> QualificationType:
    """Change the name, description, expected evidence or validity (the code stays: services
    and imports name the type by it). The qualifications already recorded keep their expiry."""
    _check(actor, qualification_type.owner_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = QualificationType.objects.select_for_update().get(pk=qualification_type.pk)
        changed = {f: v for f, v in changes.items() if getattr(locked, f) != v}
        for field, value in changed.items():
            setattr(locked, field, value)
        locked.full_clean()
        if changed:
            locked.save(update_fields=list(changed))
            audit_record(
                actor=actor,
                action="qualification_type.update",
                target=locked,
                organisation=locked.owner,
                data={"fields": sorted(changed)},
            )
    return locked


def qualification_type_in_use(qualification_type: QualificationType) -> bool:
    """Held by someone, required by a service, or counted by another type."""
    return (
        qualification_type.held.exists()
        or qualification_type.required_by_services.exists()
        or qualification_type.included_in.exists()
    )


def qualification_type_set_active(
    *, actor, qualification_type: QualificationType, active: bool
) -> QualificationType:
    """Deactivate a type (no new qualification of it is recorded; the existing ones still
    count) or reactivate it. Setting the state it already has writes nothing."""
    _check(actor, qualification_type.owner_id)
    with transaction.atomic():
        locked = QualificationType.objects.select_for_update().get(pk=qualification_type.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                action=(
                    "qualification_type.activate" if active else "qualification_type.deactivate"
                ),
                target=locked,
                organisation=locked.owner,
            )
    return locked


def qualification_type_delete(*, actor, qualification_type: QualificationType) -> None:
    """Delete a type nobody holds and nothing requires; one in use is deactivated instead
    (ValidationError)."""
    _check(actor, qualification_type.owner_id)
    with transaction.atomic():
        locked = QualificationType.objects.select_for_update().get(pk=qualification_type.pk)
        if qualification_type_in_use(locked):
            raise ValidationError(_in_use_message())
        audit_record(
            actor=actor,
            action="qualification_type.delete",
            target=locked,
            organisation=locked.owner,
            data={"code": locked.code, "name": locked.name},
        )
        try:
            with transaction.atomic():
                locked.delete()
        except ProtectedError:
            # Needed by another app's rows (a roster's shifts, say), which the catalog does
            # not read: in use all the same.
            raise ValidationError(_in_use_message()) from None


def qualification_type_set_verifiers(
    *, actor, qualification_type: QualificationType, verifiers
) -> QualificationType:
    """Name the organisations whose members also verify qualifications of this type (the owner
    always does: it is never among them). The row is locked, as a verification locks it, so
    nobody verifies on a naming being withdrawn. Naming the same ones again writes nothing."""
    _check(actor, qualification_type.owner_id)
    with transaction.atomic():
        locked = QualificationType.objects.select_for_update().get(pk=qualification_type.pk)
        before = set(locked.verifiers.values_list("pk", flat=True))
        after = {o.pk for o in verifiers} - {locked.owner_id}
        if before != after:
            locked.verifiers.set(sorted(after))
            audit_record(
                actor=actor,
                action="qualification_type.verifiers",
                target=locked,
                organisation=locked.owner,
                data={"added": sorted(after - before), "removed": sorted(before - after)},
            )
    return locked
