"""An organisation's reports through the API (spp/reports/api.py)."""

from django.db.models import Q, QuerySet

from spp.reports.models import OPEN_STATUSES, Category, Report

# An organisation's reports through the API (spp/reports/api.py): no personal data — neither
# the reporter nor the assignee —, what an integration exports or mirrors.
ORGANISATION_REPORT_COLUMNS = ("reference", "service__slug", "category__code", "category__name",
                               "status", "created_at", "updated_at", "target_date",
                               "resolved_at", "address", "latitude", "longitude",
                               "description", "support_count")
CLOSED_STATUSES = (Report.Status.RESOLVED, Report.Status.REJECTED, Report.Status.DUPLICATE)


def organisation_report_rows(organisation, *, status: str = "all", since=None) -> QuerySet:
    """The reports ``organisation`` handles — every report of the services it is the authority
    of, and those of the categories routed to it (the rule of permissions.handles_category) —,
    newest first, as plain dicts of ORGANISATION_REPORT_COLUMNS. ``status``: "open",
    "closed" or "all"; ``since``: filed at or after. The services and categories are read first
    (two small queries), so the search itself is on ids."""
    from spp.catalog.models import Service

    service_ids = list(Service.objects.filter(authority=organisation).values_list("pk", flat=True))
    category_ids = list(Category.objects.filter(organisation=organisation)
                        .values_list("pk", flat=True))
    queryset = Report.objects.filter(Q(service_id__in=service_ids)
                                     | Q(category_id__in=category_ids))
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        queryset = queryset.filter(status__in=CLOSED_STATUSES)
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    return queryset.order_by("-created_at", "-id").values(*ORGANISATION_REPORT_COLUMNS)


def report_rows_for_organisation(organisation, *, status: str = "all", since=None,
                                 offset: int = 0, limit: int = 100) -> list[dict]:
    """One page (``limit`` rows from ``offset``) of ``organisation_report_rows``."""
    queryset = organisation_report_rows(organisation, status=status, since=since)
    return list(queryset[offset:offset + limit])
