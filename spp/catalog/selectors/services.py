"""Reads of services: the public catalogue, the services a person manages (with the back
office's counts), their charters and the people who answer for them."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext

from spp.catalog.models import (
    Charter,
    Incident,
    Pattern,
    Service,
)
from spp.core.formatting import choice_labels
from spp.core.links import link_for_slug
from spp.core.models import Membership, User


def service_list_public() -> QuerySet[Service]:
    """Published services with their authority and operator (index: catalog_service pk)."""
    return (
        Service.objects.filter(is_published=True)
        .select_related("authority", "operator")
        .order_by("authority__name", "name")
    )


def service_catalogue_public() -> list[dict]:
    """The front page's catalogue: the published services by authority, as
    [{"authority_id", "authority_name", "services": [card, …]}] (authorities by name, their
    services by name). Each card is plain values with its links, pattern labels and sentences
    made once here, in the active language: one query, no model built per row."""
    rows = service_list_public().values_list(
        "slug", "name", "summary", "patterns", "territory_label", "active_participant_count",
        "authority_id", "authority__name", "operator_id", "operator__name")
    detail_url = link_for_slug("catalog:service_detail")
    charter_url = link_for_slug("catalog:charter")
    pattern_labels = choice_labels(Pattern)
    by_authority = gettext("En régie : géré directement par l’autorité")
    groups: list[dict] = []
    for (slug, name, summary, patterns, territory, participants, authority_id, authority_name,
         operator_id, operator_name) in rows:
        if not groups or groups[-1]["authority_id"] != authority_id:
            groups.append({"authority_id": authority_id, "authority_name": authority_name,
                           "services": []})
        groups[-1]["services"].append({
            "name": name,
            "summary": summary,
            "territory_label": territory,
            "url": detail_url(slug),
            "charter_url": charter_url(slug),
            "pattern_labels": [pattern_labels[code] for code in patterns
                               if code in pattern_labels],
            "management": by_authority if operator_id is None
            else gettext("En délégation : géré par %(operator)s") % {"operator": operator_name},
            "participants": ngettext("%(n)s participant actif", "%(n)s participants actifs",
                                     participants) % {"n": localize(participants)},
        })
    return groups


def service_for_page(slug: str) -> Service | None:
    """The service of its public page, in one query: its authority's and operator's names
    (``only`` those columns), its current charter's ``charter_version`` and ``charter_title``
    (None without one; subqueries on the (service, version) unique index) and whether it
    ``requires_qualifications`` (so a service requiring none costs no query for them)."""
    newest = Charter.objects.filter(service=OuterRef("pk")).order_by("-version")
    required = Service.required_qualifications.through.objects.filter(service=OuterRef("pk"))
    try:
        return (
            Service.objects.select_related("authority", "operator")
            .only("authority_id", "operator_id", "name", "slug", "summary", "description",
                  "patterns", "territory_label", "requires_approval", "indemnification_summary",
                  "is_published", "authority__name", "operator__name")
            .annotate(charter_version=Subquery(newest.values("version")[:1]),
                      charter_title=Subquery(newest.values("title")[:1]),
                      requires_qualifications=Exists(required))
            .get(slug=slug)
        )
    except Service.DoesNotExist:
        return None


def commune_names_of(service: Service, limit: int = 50) -> list[str]:
    """The names of the first ``limit`` communes a service covers, alphabetically (names only:
    a commune's row also holds its boundary)."""
    return list(service.communes.order_by("name").values_list("name", flat=True)[:limit])


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
