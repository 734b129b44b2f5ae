"""Writes of the back office's service set-up: a service's settings (mode and operator,
territory, patterns) and its publication. Creation is ``service_create`` (enrolments.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spp.catalog import permissions
from spp.catalog.models import Service
from spp.core.services import audit_record

# What the set-up form changes; the audit log names the fields that changed.
SETUP_FIELDS = (
    "name",
    "summary",
    "description",
    "operator",
    "territory_label",
    "patterns",
    "requires_approval",
)


def service_slug_available(name: str) -> str:
    """A slug for a new service named ``name``, not yet taken: ``voirie``, ``voirie-2``…
    (the unique constraint still decides between two creations at the same instant)."""
    max_length = Service._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "service"
    taken = set(Service.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_operator(operator) -> None:
    if operator is not None and operator.kind != "operator":
        raise ValidationError({"operator": _("Le délégataire doit être un opérateur.")})


def service_update(*, actor, service: Service, communes=None, **fields) -> Service:
    """Change a service's settings (its authority's admins and coordinators only). ``fields``
    are among ``SETUP_FIELDS``; ``communes``, when given, replaces the territory's communes."""
    if actor is not None and not permissions.administers_services_of(actor, service.authority_id):
        raise PermissionDenied
    unknown = set(fields) - set(SETUP_FIELDS)
    if unknown:
        raise ValueError(f"not a set-up field: {sorted(unknown)}")
    _check_operator(fields.get("operator"))
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        if communes is not None:
            before = set(locked.communes.values_list("pk", flat=True))
            after = {commune.pk for commune in communes}
            if before != after:
                locked.communes.set(after)
                changed.append("communes")
        if changed:
            service_data = {"changed": changed}
            if "operator" in changed:
                service_data["operator"] = locked.operator.name if locked.operator else ""
            audit_record(
                actor=actor,
                action="service.update",
                target=locked,
                organisation=locked.authority,
                data=service_data,
            )
    for name, value in fields.items():
        setattr(service, name, value)
    return locked


def service_publication_set(*, actor, service: Service, published: bool) -> Service:
    """Publish a service (everyone sees it, people may enrol) or withdraw it (only its managers
    see it). Its authority's admins and coordinators only; a service is published with its
    charter, so people have a text to accept."""
    if actor is not None and not permissions.administers_services_of(actor, service.authority_id):
        raise PermissionDenied
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        if locked.is_published == published:
            return locked
        if published and not locked.charters.exists():
            raise ValidationError(
                _("Publiez d’abord une charte : les participants doivent pouvoir l’accepter.")
            )
        locked.is_published = published
        locked.save(update_fields=["is_published"])
        audit_record(
            actor=actor,
            action="service.publish" if published else "service.unpublish",
            target=locked,
            organisation=locked.authority,
        )
    service.is_published = published
    return locked
