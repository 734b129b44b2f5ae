"""A service's report categories, as coordinators set them up in the back office: name,
routing (organisation and team), target time, open or closed."""


from django.core.exceptions import PermissionDenied
from django.db import transaction

from spp.core.services import audit_record
from spp.reports import permissions


def category_set_target_days(*, actor, category, target_days: int):
    if not permissions.can_manage_categories(actor, category.service):
        raise PermissionDenied
    category.target_days = target_days
    category.full_clean()
    with transaction.atomic():
        category.save(update_fields=["target_days"])
        audit_record(actor=actor, action="report_category.target_days", target=category,
                     organisation=category.organisation, data={"target_days": target_days})
    return category


# A category's settings a coordinator changes in the back office (``category_update``).
CATEGORY_FIELDS = ("name", "description", "group", "organisation", "team", "target_days",
                   "is_active")


def _category_code_available(service, name: str) -> str:
    """A public code (Open311 ``service_code``) not yet taken, made from the service's slug and
    the category's name; the unique constraint still decides between two at the same instant."""
    from django.utils.text import slugify

    from spp.reports.models import Category

    max_length = Category._meta.get_field("code").max_length
    base = slugify(f"{service.slug}-{name}")[: max_length - 4].strip("-") or "categorie"
    taken = set(Category.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


def category_create(*, actor, service, name: str, organisation, team: str = "",
                    target_days: int = 15, description: str = "", group: str = ""):
    """A new report category of ``service``, routed to its authority or its operator (the
    coordinators and admins of either)."""
    from spp.reports.models import Category

    if not permissions.can_manage_categories(actor, service):
        raise PermissionDenied
    with transaction.atomic():
        category = Category(
            service=service, code=_category_code_available(service, name), name=name,
            description=description, group=group, organisation=organisation, team=team,
            target_days=target_days,
            order=Category.objects.filter(service=service).count(),
        )
        category.full_clean()
        category.save()
        audit_record(actor=actor, action="report_category.create", target=category,
                     organisation=service.authority,
                     data={"routed_to": organisation.name, "team": team})
    return category


def category_update(*, actor, category, **fields):
    """Change a category's name, routing (organisation and team), target time or whether it
    takes new reports. Reports already filed keep their handling; the audit log names the
    fields that changed."""
    from spp.reports.models import Category

    if not permissions.can_manage_categories(actor, category.service):
        raise PermissionDenied
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValueError(f"not a category field: {sorted(unknown)}")
    with transaction.atomic():
        locked = Category.objects.select_for_update(of=("self",)).select_related("service").get(
            pk=category.pk)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        if changed:
            data = {"changed": changed}
            if "organisation" in changed:
                data["routed_to"] = locked.organisation.name
            audit_record(actor=actor, action="report_category.update", target=locked,
                         organisation=locked.service.authority, data=data)
    return locked
