"""Reads of services: the public catalogue, the services a person manages (with the back
office's counts), their charters and the people who answer for them."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from spp.catalog.models import (
    Charter,
    Incident,
    Service,
)
from spp.core.models import Membership, User


def service_list_public() -> QuerySet[Service]:
    """Published services with their authority and operator (index: catalog_service pk)."""
    return (
        Service.objects.filter(is_published=True)
        .select_related("authority", "operator")
        .order_by("authority__name", "name")
    )


def service_list_public_rows() -> list[dict]:
    """The published services as the API lists them (``ServiceOut``): plain values, the
    current charter version read by a subquery on its (service, version) unique index."""
    newest_version = (
        Charter.objects.filter(service=OuterRef("pk")).order_by("-version").values("version")[:1]
    )
    rows = (
        service_list_public()
        .annotate(charter_version=Subquery(newest_version))
        .values_list("slug", "name", "summary", "authority__name", "operator__name",
                     "patterns", "territory_label", "charter_version")
    )
    return [
        {"slug": slug, "name": name, "summary": summary, "authority": authority,
         "operator": operator, "management": "delegation" if operator is not None else "regie",
         "patterns": patterns, "territory": territory, "charter_version": version}
        for slug, name, summary, authority, operator, patterns, territory, version in rows
    ]


def _count_per_service(queryset):
    """A correlated count, read on an index per service, instead of joining every enrolment
    and incident to the services' rows and grouping them (a product of both at scale)."""
    return Coalesce(
        Subquery(
            queryset.filter(service=OuterRef("pk"))
            .order_by()
            .values("service")
            .annotate(count=Count("*"))
            .values("count")
        ),
        0,
    )


def service_list_managed_by(user) -> QuerySet[Service]:
    """The services ``user`` manages: all of their authorities' services, and the services
    delegated to their operators, with the back office's figures: the active and pending
    enrolments are the numbers each service keeps, the open incidents a count per service."""
    from spp.core.permissions import roles_by_organisation

    org_ids = list(roles_by_organisation(user))
    return (
        Service.objects.filter(Q(authority_id__in=org_ids) | Q(operator_id__in=org_ids))
        .select_related("authority", "operator")
        .annotate(
            open_incidents=_count_per_service(Incident.objects.exclude(status="closed")),
        )
        .order_by("name")
    )


def service_list_enrolled_in(user) -> QuerySet[Service]:
    """The services the person has an enrolment in, whatever its state."""
    return Service.objects.filter(enrolments__user=user).distinct().order_by("name")


def charter_current(service: Service) -> Charter | None:
    return service.charters.order_by("-version").first()


def service_managers(service: Service) -> QuerySet[User]:
    org_ids = [service.authority_id] + ([service.operator_id] if service.operator_id else [])
    return User.objects.filter(memberships__organisation_id__in=org_ids, is_active=True).distinct()


def organisation_staff(organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__last_name")
