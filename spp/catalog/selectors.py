"""Every non-trivial read of the catalog. Pattern apps use ``enrolment_require_current`` and
``qualifications_valid_on`` to know whether someone may act."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import (
    Charter,
    Enrolment,
    Incident,
    Participation,
    Qualification,
    Service,
)
from spp.core.models import Membership, User


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
    delegated to their operators, with exact counts for the back-office (the active
    participants are the number kept on the service by the enrolment services)."""
    from spp.core.permissions import roles_by_organisation

    org_ids = list(roles_by_organisation(user))
    return (
        Service.objects.filter(Q(authority_id__in=org_ids) | Q(operator_id__in=org_ids))
        .select_related("authority", "operator")
        .annotate(
            pending_count=_count_per_service(
                Enrolment.objects.filter(status=Enrolment.Status.PENDING)),
            open_incidents=_count_per_service(Incident.objects.exclude(status="closed")),
        )
        .order_by("name")
    )


def service_list_enrolled_in(user) -> QuerySet[Service]:
    """The services the person has an enrolment in, whatever its state."""
    return Service.objects.filter(enrolments__user=user).distinct().order_by("name")


def charter_current(service: Service) -> Charter | None:
    return service.charters.order_by("-version").first()


def enrolment_for(user, service: Service) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.select_related("accepted_charter")
        .filter(user=user, service=service)
        .first()
    )


def enrolment_needs_reacceptance(enrolment: Enrolment) -> bool:
    current = charter_current(enrolment.service)
    return current is not None and enrolment.accepted_charter_id != current.pk


def enrolments_needing_reacceptance(user) -> list[Enrolment]:
    """The person's active enrolments whose charter changed since they accepted it. Every page
    a signed-in person opens asks (the banner): one query, the newest version beside each."""
    if not user.is_authenticated:
        return []
    newest_version = (
        Charter.objects.filter(service=OuterRef("service_id")).order_by("-version").values("version")[:1]
    )
    return list(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .annotate(newest_version=Subquery(newest_version))
        .filter(newest_version__gt=F("accepted_charter__version"))
        .select_related("service")
    )


def enrolment_require_current(user, service: Service) -> Enrolment:
    """The person's enrolment, if it lets them act now: active, and with the current charter
    accepted. Otherwise a ValidationError that says what to do."""
    enrolment = enrolment_for(user, service)
    if enrolment is None or enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            _("Vous devez être inscrit à « %(s)s » (inscription active) pour participer.")
            % {"s": service.name},
            code="not_enrolled",
        )
    if enrolment_needs_reacceptance(enrolment):
        raise ValidationError(
            _("La charte de « %(s)s » a changé : acceptez la nouvelle version avant de participer.")
            % {"s": service.name},
            code="charter_changed",
        )
    return enrolment


def enrolment_list_for_service(
    service: Service, *, status: str | None = None, query: str = ""
) -> QuerySet[Enrolment]:
    """Enrolments of a service as its managers' lists show them, by status then newest first
    (index: enrolment_service_status_idx), filtered on the person's email or names when
    ``query`` is given. The person and the charter come in the same query, with only the
    columns the lists show."""
    queryset = Enrolment.objects.filter(service=service)
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(
            Q(user__email__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__first_name__icontains=query)
        )
    return (
        queryset.select_related("user", "accepted_charter")
        .only(*ENROLMENT_LIST_FIELDS)
        .order_by("status", "-created_at")
    )


ENROLMENT_LIST_FIELDS = (
    "status", "created_at", "service_id", "user__first_name", "user__last_name", "user__email",
    "accepted_charter__version",
)


def contributor_list_for_service(service: Service) -> QuerySet[Enrolment]:
    """The service's active enrolments, each person's qualifications prefetched with their
    type (one query for a page of people, by type name)."""
    held = (
        Qualification.objects.select_related("qualification_type")
        .only("user_id", "expires_on", "verified_at", "qualification_type__name")
        .order_by("qualification_type__name", "-obtained_on")
    )
    return enrolment_list_for_service(service, status=Enrolment.Status.ACTIVE).prefetch_related(
        Prefetch("user__qualifications", queryset=held)
    )


def enrolment_rows_for_user(user) -> list[dict]:
    """The person's enrolments as the API lists them (``EnrolmentOut``), by service name: plain
    values, no model built per row."""
    rows = (
        Enrolment.objects.filter(user=user)
        .order_by("service__name")
        .values_list("pk", "service__slug", "status", "accepted_charter__version",
                     "charter_accepted_at", "approved_at")
    )
    return [
        {"id": pk, "service": slug, "status": status, "charter_version": version,
         "charter_accepted_at": accepted_at, "approved_at": approved_at}
        for pk, slug, status, version, accepted_at, approved_at in rows
    ]


def participation_rows_for_user(user, *, offset: int, limit: int) -> list[dict]:
    """A page of the person's own ledger as the API lists it (``ParticipationOut``), newest
    first (index: participation_user_idx): plain values, no model built per row."""
    rows = (
        Participation.objects.filter(user=user)
        .order_by("-occurred_at", "-id")
        .values_list("service__slug", "kind", "quantity", "unit", "occurred_at")
    )[offset : offset + limit]
    return [
        {"service": slug, "kind": kind, "quantity": float(quantity), "unit": unit,
         "occurred_at": occurred_at}
        for slug, kind, quantity, unit, occurred_at in rows
    ]


def enrolment_table_rows_for_user(user) -> list[dict]:
    """The person's enrolments as their "Mon engagement" table shows them (plain values, by
    service name; rows.my_enrolment_lines writes them)."""
    return list(Enrolment.objects.filter(user=user).order_by("service__name").values(
        "pk", "service__name", "status", "accepted_charter__version", "charter_accepted_at",
        "approved_at"))


def qualifications_of(user) -> QuerySet[Qualification]:
    return (
        Qualification.objects.filter(user=user)
        .select_related("qualification_type", "verified_by")
        .order_by("qualification_type__name", "-obtained_on")
    )


def qualifications_valid_on(user, day: date) -> set[str]:
    """Codes of the qualification types the person holds, verified and valid on ``day``,
    including those their qualifications count as (``includes``). In-training ones excluded."""
    codes: set[str] = set()
    held = (
        Qualification.objects.filter(
            user=user, in_training=False, verified_at__isnull=False, obtained_on__lte=day
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .select_related("qualification_type")
        .prefetch_related("qualification_type__includes")
    )
    for qualification in held:
        codes.add(qualification.qualification_type.code)
        codes.update(t.code for t in qualification.qualification_type.includes.all())
    return codes


def qualifications_missing_for(user, service: Service, day: date | None = None):
    """The service's required qualification types that the person does not hold validly."""
    day = day or timezone.localdate()
    valid = qualifications_valid_on(user, day)
    return [t for t in service.required_qualifications.all() if t.code not in valid]


def service_managers(service: Service) -> QuerySet[User]:
    org_ids = [service.authority_id] + ([service.operator_id] if service.operator_id else [])
    return User.objects.filter(memberships__organisation_id__in=org_ids, is_active=True).distinct()


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


def organisation_staff(organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("role", "user__last_name")


def authority_answering_for(actor, person):
    """The authority in whose name ``actor`` acts on ``person``: the authority of a service the
    person is enrolled in and the actor manages (directly or as its operator). Its admins read
    the audit entry. None when the actor acts for themself."""
    from spp.core.permissions import roles_by_organisation

    org_ids = list(roles_by_organisation(actor))
    if not org_ids:
        return None
    enrolment = (
        Enrolment.objects.filter(user=person)
        .filter(Q(service__authority_id__in=org_ids) | Q(service__operator_id__in=org_ids))
        .select_related("service__authority")
        .order_by("pk")
        .first()
    )
    return enrolment.service.authority if enrolment else None


LEDGER_ROW_FIELDS = ("id", "occurred_at", "service__name", "kind", "description", "quantity",
                     "unit")


def participation_table_rows_for_user(user) -> QuerySet:
    """The person's ledger rows as the "Mon engagement" table shows them (plain values, newest
    first; index: participation_user_idx); ``participation_labels`` formats a page of them."""
    return (
        Participation.objects.filter(user=user)
        .order_by("-occurred_at", "-id")
        .values(*LEDGER_ROW_FIELDS)
    )


def participation_labels(rows) -> list[dict]:
    """Each row with its cells formatted once, in the active language and time zone."""
    from django.utils.timezone import get_current_timezone

    from spp.core.formatting import choice_labels, date_formatter, quantity_label

    kinds, units = choice_labels(Participation.Kind), choice_labels(Participation.Unit)
    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), get_current_timezone()
    return [
        {
            **row,
            "when": when(row["occurred_at"].astimezone(tz)),
            "kind_label": kinds.get(row["kind"], row["kind"]),
            "quantity_label": f"{quantity_label(row['quantity'])} {units.get(row['unit'], '')}",
        }
        for row in rows
    ]
