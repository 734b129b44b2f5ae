"""Reads of incidents: the managers' list and the declarant's own."""

from django.db.models import QuerySet

from spp.catalog.models import (
    Incident,
)
from spp.catalog.selectors.services import service_list_managed_by


def incident_list_for_manager(user, *, status: str | None = None) -> QuerySet[Incident]:
    services = service_list_managed_by(user).values("pk")
    queryset = Incident.objects.filter(service__in=services).select_related(
        "service", "declared_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-created_at")


def incident_list_for_user(user) -> QuerySet[Incident]:
    return Incident.objects.filter(declared_by=user).select_related("service")
