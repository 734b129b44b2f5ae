"""Reads of the back office's pages of qualification types."""

from django.db.models import Count, Prefetch

from spp.catalog.models import QualificationType
from spp.core import permissions as core_permissions
from spp.core.models import Organisation


def qualification_type_list_for_managers(user):
    """The types of the organisations ``user`` administers (every type for a superuser), by
    organisation, active ones first, with how many qualifications and services use each and
    the organisations each names as also verifying it."""
    queryset = QualificationType.objects.all()
    if not user.is_superuser:
        administered = core_permissions.administered_organisation_ids(user)
        queryset = queryset.filter(owner_id__in=administered)
    return (
        queryset.select_related("owner")
        .prefetch_related(Prefetch("verifiers", Organisation.objects.only("pk", "name")
                                   .order_by("name")))
        .annotate(
            held_count=Count("held", distinct=True),
            service_count=Count("required_by_services", distinct=True),
        )
        .order_by("owner__name", "-is_active", "name")
    )


def organisations_owning_types_for(user):
    """The organisations in whose name ``user`` creates qualification types: those they
    administer (every organisation for a superuser)."""
    queryset = Organisation.objects.all()
    if not user.is_superuser:
        queryset = queryset.filter(pk__in=core_permissions.administered_organisation_ids(user))
    return queryset.order_by("name")
