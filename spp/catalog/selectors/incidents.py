"""Reads of incidents: the managers' list and the declarant's own."""

from django.db.models import QuerySet

from spp.catalog.models import (
    Incident,
)
from spp.catalog.selectors.services import service_list_managed_by
from spp.core.formatting import choice_labels
from spp.core.links import link_for_pk


def incident_list_for_manager(user, *, status: str | None = None) -> QuerySet[Incident]:
    services = service_list_managed_by(user).values("pk")
    queryset = Incident.objects.filter(service__in=services).select_related(
        "service", "declared_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-created_at")


def incident_rows_for_user(user) -> list[dict]:
    """The incidents the person declared, newest first, as "Mon engagement" lists them: plain
    values with their link, title (``str(incident)``: nature — date) and state's label made
    here in the active language, one query and no model built per row."""
    kinds, statuses = choice_labels(Incident.Kind), choice_labels(Incident.Status)
    detail_url = link_for_pk("catalog:incident_detail")
    rows = (Incident.objects.filter(declared_by=user).order_by("-created_at")
            .values_list("pk", "kind", "occurred_at", "status", "service__name"))
    return [
        {"url": detail_url(pk),
         "title": Incident.title_for(kinds.get(kind, kind), occurred_at),
         "service_name": service_name,
         "status_label": statuses.get(status, status)}
        for pk, kind, occurred_at, status, service_name in rows
    ]
