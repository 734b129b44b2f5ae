"""Reads of the Open311 interface."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery

from spp.catalog.models import Service
from spp.core import generations
from spp.reports.models import OPEN_STATUSES, Category, Photo, Report
from spp.reports.selectors import SERVICES_SCOPE, category_labels, setup_scope

MAX_REQUESTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
CLOSED_STATUSES = ("resolved", "rejected", "duplicate")
# Plain rows (no model instances): up to 1000 of them are serialised per request. Category
# labels come from the cache and originals' references from a query only when needed, so the
# search joins nothing but the service.
REQUEST_COLUMNS = ("id", "reference", "status", "duplicate_of_id", "category_id",
                   "description", "created_at", "updated_at", "target_date", "address",
                   "latitude", "longitude", "status_note", "photo")


def jurisdiction_services(jurisdiction_id: str | None):
    """Ids of the published report services, or of the one whose slug is
    ``jurisdiction_id``."""
    published = Service.objects.filter(is_published=True)
    if jurisdiction_id:
        published = published.filter(slug=jurisdiction_id)
    return [pk for pk, patterns in published.values_list("pk", "patterns")
            if "reports" in (patterns or [])]


def category_list(services) -> list[Category]:
    return list(Category.objects.filter(service_id__in=services, is_active=True)
                .select_related("service", "organisation").order_by("service", "order", "name"))


def category_by_code(services, code: str) -> Category | None:
    return (Category.objects.filter(service_id__in=services, code=code)
            .select_related("service__authority", "organisation").first())


# Per process: ((jurisdiction, service code), service id) → (generation numbers, category), and
# the id of the service each (jurisdiction, code) last resolved to, whose setup generation the
# next call reads first.
_filings: dict = {}
_filing_services: dict = {}


def category_for_filing(jurisdiction_id: str | None, code: str) -> Category | None:
    """The category that a POST with ``jurisdiction_id`` and ``service_code`` files under, with
    its service, authority and organisation; None when none matches (the caller then says
    why). Finding it took two queries and 2 ms of every report filed: it is kept in this
    process while the services' rows (``SERVICES_SCOPE``) and that service's setup (its row and
    categories) have not moved, one round trip to check. A category first found under another
    service is not kept until a second call has read that service's number first."""
    key = (jurisdiction_id or "", code)
    service_id = _filing_services.get(key)

    def find():
        category = category_by_code(jurisdiction_services(jurisdiction_id), code)
        if category is not None:
            _filing_services[key] = category.service_id
        return category

    return generations.process_kept(
        _filings, (key, service_id),
        [SERVICES_SCOPE, *([setup_scope(service_id)] if service_id else [])], find,
        keep=lambda category: category.service_id == service_id)


def request_list(*, jurisdiction=None, ids=None, codes=None, statuses=None, start=None,
                 end=None):
    """Up to 1000 requests of published services (of the one whose slug is ``jurisdiction``),
    newest first. ``ids`` overrides every other filter (spec). Only report services hold
    reports, so the pattern needs no check here: one query, the service joined.

    Index: report_open_queue_idx (service, created_at) for open requests in a date window,
    report_queue_idx (service, status, created_at) otherwise."""
    where = {"service__is_published": True}  # one filter() call: each one clones the query
    if jurisdiction:
        where["service__slug"] = jurisdiction
    if ids:
        where["reference__in"] = ids
    else:
        where.update(created_at__gte=start, created_at__lte=end)
        if codes:
            where["category_id__in"] = [pk for pk, (code, _n, _o) in category_labels().items()
                                        if code in codes]
        if statuses:
            where["status__in"] = [*(OPEN_STATUSES if "open" in statuses else ()),
                                   *(CLOSED_STATUSES if "closed" in statuses else ())]
    first_photo = Photo.objects.filter(report=OuterRef("pk")).order_by("id").values("image")[:1]
    queryset = Report.objects.filter(**where).annotate(photo=Subquery(first_photo))
    if not ids:
        queryset = queryset.order_by("-created_at", "-id")
    return _labelled(list(queryset.values(*REQUEST_COLUMNS)[:MAX_REQUESTS]))


def _labelled(rows: list[dict]) -> list[dict]:
    """Add each row's category code, name and organisation (cached), and the reference of
    the original of a duplicate without a status note (one query, for those rows only)."""
    labels = category_labels()
    originals = {row["duplicate_of_id"] for row in rows
                 if row["duplicate_of_id"] and not row["status_note"]}
    references = dict(Report.objects.filter(pk__in=originals).values_list(
        "pk", "reference")) if originals else {}
    for row in rows:
        row["category__code"], row["category__name"], row["category__organisation__name"] = (
            labels.get(row["category_id"], ("", "", "")))
        row["duplicate_of__reference"] = references.get(row["duplicate_of_id"])
    return rows
