"""Reads of the Open311 interface."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery

from spp.catalog.models import Pattern, Service
from spp.reports.models import OPEN_STATUSES, Category, Photo, Report

# GeoReport v2, GET requests: with no date the search covers the last 90 days, a date range
# may not span more than 90 days, and an answer holds 1000 requests at most.
MAX_REQUESTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
CLOSED_STATUSES = ("resolved", "rejected", "duplicate")
# Plain rows (no model instances): up to 1000 of them are serialised per request. Category
# labels and originals' references come from small queries over the rows found, so the search
# itself joins nothing and walks one index in its order (a join lets the planner read the
# whole window and sort it, when its estimate of the newest rows is off).
REQUEST_COLUMNS = ("id", "reference", "status", "duplicate_of_id", "category_id",
                   "description", "created_at", "updated_at", "target_date", "address",
                   "latitude", "longitude", "status_note", "photo")


def jurisdiction_services(jurisdiction_id: str | None) -> list[int]:
    """Ids of the published report services, or of the one whose slug is
    ``jurisdiction_id``."""
    published = Service.objects.filter(is_published=True)
    if jurisdiction_id:
        published = published.filter(slug=jurisdiction_id)
    return [pk for pk, patterns in published.order_by().values_list("pk", "patterns")
            if Pattern.REPORTS in (patterns or [])]


def category_list(services) -> list[Category]:
    return list(Category.objects.filter(service_id__in=services, is_active=True)
                .select_related("service", "organisation").order_by("service", "order", "name"))


def category_by_code(services, code: str) -> Category | None:
    return (Category.objects.filter(service_id__in=services, code=code)
            .select_related("service__authority", "organisation").first())


def category_for_filing(jurisdiction_id: str | None, code: str) -> Category | None:
    """The category that a POST with ``jurisdiction_id`` and ``service_code`` files under, with
    its service, authority and organisation, in one query (codes are unique); None when no
    published report service has it (the caller then says why). An inactive category is
    returned: reports.services.report_create refuses it with its own message."""
    where = {"code": code, "service__is_published": True}
    if jurisdiction_id:
        where["service__slug"] = jurisdiction_id
    category = (Category.objects.filter(**where)
                .select_related("service__authority", "organisation").first())
    if category is None or Pattern.REPORTS not in (category.service.patterns or []):
        return None
    return category


def request_list(*, services: list[int], ids=None, codes=None, statuses=None, start=None,
                 end=None) -> list[dict]:
    """Up to 1000 requests of ``services`` (jurisdiction_services), newest first, as dicts of
    REQUEST_COLUMNS and the labels of _labelled. ``ids``
    overrides every other filter (spec).

    Index: report_service_recent_idx (service, created_at, id) walked backwards from ``end``
    and stopped after 1000 rows, whatever the status filter (a status is checked on the rows
    walked); report_open_queue_idx (service, created_at) when only open requests are asked.
    The first photo is a subquery per row (an index probe)."""
    where = {"service_id__in": services}
    if ids:
        where["reference__in"] = ids
    else:
        where.update(created_at__gte=start, created_at__lte=end)
        if codes:  # the categories' ids first: the search itself then joins nothing
            where["category_id__in"] = list(Category.objects.filter(
                service_id__in=services, code__in=codes).values_list("pk", flat=True))
        if statuses:
            where["status__in"] = [*(OPEN_STATUSES if "open" in statuses else ()),
                                   *(CLOSED_STATUSES if "closed" in statuses else ())]
    first_photo = Photo.objects.filter(report=OuterRef("pk")).order_by("id").values("image")[:1]
    queryset = Report.objects.filter(**where).annotate(photo=Subquery(first_photo))
    queryset = queryset.order_by() if ids else queryset.order_by("-created_at", "-id")
    return _labelled(list(queryset.values(*REQUEST_COLUMNS)[:MAX_REQUESTS]))


def _labelled(rows: list[dict]) -> list[dict]:
    """Add each row's category code, name and organisation (one query over the categories
    found), and the reference of the original of a duplicate without a status note (one
    query, for those rows only)."""
    labels = {pk: (code, name, organisation) for pk, code, name, organisation in
              Category.objects.filter(pk__in={row["category_id"] for row in rows}).order_by()
              .values_list("pk", "code", "name", "organisation__name")} if rows else {}
    originals = {row["duplicate_of_id"] for row in rows
                 if row["duplicate_of_id"] and not row["status_note"]}
    references = dict(Report.objects.filter(pk__in=originals).values_list(
        "pk", "reference")) if originals else {}
    for row in rows:
        row["category__code"], row["category__name"], row["category__organisation__name"] = (
            labels.get(row["category_id"], ("", "", "")))
        row["duplicate_of__reference"] = references.get(row["duplicate_of_id"])
    return rows



def api_client_list_for_organisation(organisation):
    """The organisation's client applications, active ones first, then by name."""
    from spp.open311.models import ApiClient

    return ApiClient.objects.filter(organisation=organisation).order_by("-is_active", "name")
