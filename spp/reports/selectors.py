"""Every non-trivial read of reports, with the index each relies on (see models.Report.Meta)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from spp.core import generations, read_ahead
from spp.core.permissions import is_member_of, roles_by_organisation
from spp.reports import geo
from spp.reports.models import OPEN_STATUSES, Category, Report, ReportEvent

# Generation scopes (spp/core/generations.py) of the shared cached reads: a service's agents'
# queue, and every Open311 request list. services._changed advances both on each write that
# changes a report's row; saving a category or a service does too (apps.py).
REQUESTS_SCOPE = "reports:open311-requests"
# Every service's and organisation's row: what an Open311 filing resolves its jurisdiction and
# service code with (open311/selectors.category_for_filing). Saving either advances it.
SERVICES_SCOPE = "reports:services"


def service_scope(service_id: int) -> str:
    return f"reports:service:{service_id}"


def setup_scope(service_id: int) -> str:
    """The service's own row, its categories and its communes (saving any advances it,
    apps.py)."""
    return f"reports:service-setup:{service_id}"


MAP_CAP = 300
QUEUE_PAGE_SIZE = 25
# What a queue row shows: no description, no JSON to decode.
QUEUE_COLUMNS = ("reference", "status", "created_at", "target_date", "support_count",
                 "category_id")


def duplicate_radius_m() -> float:
    return float(getattr(settings, "REPORTS_DUPLICATE_RADIUS_M", 30))


def category_list_active(service):
    return Category.objects.filter(service=service, is_active=True).select_related("organisation")


def report_near_duplicates(*, category, latitude: float, longitude: float,
                           radius_m: float | None = None, limit: int = 5) -> list[Report]:
    """Open reports of the same category within ``radius_m``, nearest first.

    Index: report_dup_idx (category, latitude, longitude) — an equality on category and a range
    on latitude, the longitude range checked inside the index; haversine then keeps the disc."""
    radius = duplicate_radius_m() if radius_m is None else radius_m
    min_lat, min_lon, max_lat, max_lon = geo.bbox_around(latitude, longitude, radius)
    candidates = (Report.objects.order_by()
                  .filter(category=category, latitude__gte=min_lat, latitude__lte=max_lat,
                          longitude__gte=min_lon, longitude__lte=max_lon,
                          status__in=OPEN_STATUSES)
                  .only("id", "reference", "latitude", "longitude", "description", "status",
                        "support_count", "created_at", "category_id")[:200])
    scored = [(geo.haversine_m(latitude, longitude, r.latitude, r.longitude), r)
              for r in candidates]
    nearby = sorted((pair for pair in scored if pair[0] <= radius), key=lambda pair: pair[0])
    for distance, report in nearby:
        report.distance_m = round(distance)
    return [report for _d, report in nearby[:limit]]


def service_ids_covering(commune_id: str) -> list[int]:
    """The services whose territory includes the commune (INSEE code)."""
    from spp.catalog.models import Service

    return list(Service.objects.filter(communes=commune_id).values_list("pk", flat=True))


# Per process: service id → (generation numbers, its territory), see ``_territory``.
_territories: dict = {}


def _territory(service_id: int) -> tuple:
    """(each commune boundary with its bounding box, the communes' centres) of the service,
    kept in this process under its setup generation (a commune added or removed, or a
    boundary changed, advances it: apps.py). Parsing the boundaries' GeoJSON took a
    millisecond of every report filed."""
    def load():
        from spp.core.models import Commune

        communes = list(Commune.objects.filter(services=service_id)
                        .only("insee", "latitude", "longitude", "boundary"))
        boundaries = tuple((geo.geometry_bbox(c.boundary), c.boundary)
                           for c in communes if c.boundary)
        return boundaries, tuple((c.latitude, c.longitude) for c in communes)

    return generations.process_kept(_territories, service_id, [setup_scope(service_id)], load)


def service_territory_contains(service, latitude: float, longitude: float) -> bool:
    """Whether the point lies in one of the service's communes: their GeoJSON boundary when
    known, else the bounding box of the communes' centres with a 2 km margin. A service with
    no commune listed has no territorial limit."""
    boundaries, centres = _territory(service.pk)
    if not centres:
        return True
    for box, boundary in boundaries:
        if box and box[0] <= latitude <= box[2] and box[1] <= longitude <= box[3] and (
                geo.point_in_geometry(latitude, longitude, boundary)):
            return True
    if boundaries:
        return False
    margin = 0.02
    return (min(lat for lat, _lon in centres) - margin <= latitude
            <= max(lat for lat, _lon in centres) + margin
            and min(lon for _lat, lon in centres) - margin * 1.5 <= longitude
            <= max(lon for _lat, lon in centres) + margin * 1.5)


def report_map_viewport(*, service, bbox: tuple[float, float, float, float],
                        status: str = "", category_code: str = "", cap: int = MAP_CAP):
    """The newest ``cap`` reports in the viewport, as (reference, latitude, longitude, status,
    category name) tuples, and whether there are more.

    Index: report_bbox_idx (latitude, longitude) for a small viewport; on a wide one the
    planner walks the primary key backwards and stops after ``cap`` rows, so the answer time
    does not grow with the table. No join: category names and codes come from the cached
    category_rows."""
    categories = category_rows(service.pk)
    min_lat, min_lon, max_lat, max_lon = bbox
    queryset = Report.objects.filter(service_id=service.pk, latitude__gte=min_lat,
                                     latitude__lte=max_lat, longitude__gte=min_lon,
                                     longitude__lte=max_lon)
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if category_code:
        queryset = queryset.filter(category_id__in=[
            pk for pk, _name, _organisation, code in categories if code == category_code])
    names = {pk: name for pk, name, _organisation, _code in categories}
    rows = [(reference, lat, lon, state, names.get(category_id, ""))
            for reference, lat, lon, state, category_id in queryset.order_by("-id").values_list(
                "reference", "latitude", "longitude", "status", "category_id")[: cap + 1]]
    return rows[:cap], len(rows) > cap


def report_list_public(*, service, status: str = "", category_code: str = ""):
    """The public list, newest first (index: report_queue_idx or the created_at index)."""
    queryset = Report.objects.filter(service=service).select_related("category")
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if category_code:
        queryset = queryset.filter(category__code=category_code)
    return queryset.order_by("-created_at", "-id")


CATEGORIES_CACHE_SECONDS = 60


def categories_cache_key(service_id: int) -> str:
    return f"spp:reports:categories:{service_id}"


def category_rows(service_id: int) -> list[tuple[int, str, int, str]]:
    """(id, name, organisation id, code) of the service's categories in display order, from the
    cache: every queue page reads them and they change rarely. Saving or deleting a category
    clears them after the commit (apps.py); a process with its own local cache (no Redis)
    sees other processes' edits within a minute."""
    key = categories_cache_key(service_id)
    rows = cache.get(key)
    if rows is None:
        rows = list(Category.objects.filter(service_id=service_id).order_by("order", "name")
                    .values_list("pk", "name", "organisation_id", "code"))
        cache.set(key, rows, CATEGORIES_CACHE_SECONDS)
    return rows


CATEGORY_LABELS_CACHE_KEY = "spp:reports:category_labels"


def category_labels() -> dict[int, tuple[str, str, str]]:
    """{category id: (code, name, organisation name)} of every category, from the cache (the
    Open311 search names them in each request): cleared with category_rows, and after the
    commit of an organisation's save (apps.py)."""
    labels = cache.get(CATEGORY_LABELS_CACHE_KEY)
    if labels is None:
        labels = {pk: (code, name, organisation) for pk, code, name, organisation in
                  Category.objects.order_by().values_list("pk", "code", "name",
                                                          "organisation__name")}
        cache.set(CATEGORY_LABELS_CACHE_KEY, labels, CATEGORIES_CACHE_SECONDS)
    return labels


def category_choices_handled(user, service, rows=None) -> list[tuple[int, str]]:
    """(id, name) of the service's categories that ``user`` handles, in display order: all of
    them for members of the service's authority, those routed to the user's organisations
    otherwise (the rule of permissions.handles_category), on the roles the request already
    read. ``rows``: the service's category_rows when the caller has them."""
    organisations = roles_by_organisation(user)
    every = service.authority_id in organisations
    return [(pk, name) for pk, name, organisation, _code in (
        category_rows(service.pk) if rows is None else rows)
        if every or organisation in organisations]


QUEUE_SERVICE_FIELDS = ("id", "name", "slug", "authority_id", "operator_id")
QUEUE_SERVICE_SECONDS = 24 * 3600


def queue_service(slug: str, *, retry: bool = True):
    """(service, generation, category rows) for the agents' queue of the service whose slug is
    ``slug``: the service with the five columns the page and its access check use (or None),
    the generation of its reports (service_scope) and its categories. The service and the
    categories come from the cache when stored under the present generation of setup_scope,
    which every save of the service or of a category advances (apps.py): the stored copy is
    exact. Both generations are read in one round trip, before the database, as generations.py
    requires; the first read of a slug (or one whose service changed) costs one query more.
    The generation is None when the slug moved to another service during the read (nothing
    may then be shared)."""
    from spp.catalog.models import Service

    key = f"spp:reports:queue-service:{slug}"
    found = cache.get(key)
    service_id = found[0]["id"] if found else (
        Service.objects.filter(slug=slug).values_list("id", flat=True).first())
    if service_id is None:
        return None, 0, [], None
    scopes = generations.current_many([setup_scope(service_id), service_scope(service_id)])
    setup, generation = scopes[setup_scope(service_id)], scopes[service_scope(service_id)]
    if found and found[2] == setup:
        _queue_service_ids[slug] = service_id
        return Service(**found[0]), generation, found[1], setup
    values = Service.objects.filter(slug=slug).values(*QUEUE_SERVICE_FIELDS).first()
    if values is None:
        return None, 0, [], None
    if values["id"] != service_id:  # the slug now names another service
        cache.delete(key)
        if retry:
            return queue_service(slug, retry=False)
        generation = setup = None
    rows = list(Category.objects.filter(service_id=values["id"]).order_by("order", "name")
                .values_list("pk", "name", "organisation_id", "code"))
    if generation is not None:
        cache.set(key, (values, rows, setup), QUEUE_SERVICE_SECONDS)
        _queue_service_ids[slug] = values["id"]
    return Service(**values), generation, rows, setup


# slug → service id, as this process last found them: lets a queue page read its cached copy
# and both generations in one round trip (queue_page_cached checks that they still agree).
_queue_service_ids: dict[str, int] = {}
QUEUE_PAGE_SECONDS = 600


def _queue_page_key(slug: str, variant: tuple) -> str:
    digest = hashlib.sha256(repr((slug, variant)).encode()).hexdigest()
    return f"spp:reports:queue-page:{digest}"


def queue_page_cached(slug: str, variant: tuple):
    """(service, content) of a queue page stored by ``queue_page_store`` for the same slug and
    ``variant`` (everything else the content depends on: the agent's roles, the query string,
    the page, the language and the time zone), when the service's setup and reports have not
    changed since: the copy and both generations come in one round trip. None otherwise, and
    the caller takes the full path. The caller still checks the agent's access on the
    service returned."""
    from spp.catalog.models import Service

    service_id = _queue_service_ids.get(slug)
    if service_id is None:
        return None
    key = _queue_page_key(slug, variant)
    setup_key = generations.key(setup_scope(service_id))
    reports_key = generations.key(service_scope(service_id))
    found = read_ahead.get_many([key, setup_key, reports_key])
    entry = found.get(key)
    if entry is None:
        return None
    values, setup, generation, content = entry
    if (values["id"] != service_id or setup is None or generation is None
            or found.get(setup_key) != setup or found.get(reports_key) != generation):
        return None
    return Service(**values), content


def queue_page_store(slug: str, variant: tuple, service, setup, generation, content: str):
    """Keep a queue page's content for ``queue_page_cached``, under the generations read
    before its data (None: nothing is kept)."""
    if setup is None or generation is None:
        return
    values = {field: getattr(service, field if field != "id" else "pk")
              for field in QUEUE_SERVICE_FIELDS}
    cache.set(_queue_page_key(slug, variant), (values, setup, generation, content),
              QUEUE_PAGE_SECONDS)


def report_queue(*, user, service, status: str = "open", category_id: int | None = None,
                 sort: str = "oldest", bbox=None, page: int = 1,
                 categories: list[tuple[int, str]] | None = None):
    """One page of the agents' queue, restricted to the categories ``user`` handles, as plain
    dicts (reference, status, created_at, target_date, support_count, category_name) and
    whether a next page exists. ``categories``: category_choices_handled(user, service) when
    the caller already has it (the queue page shows it as a filter).

    No COUNT(*): the page reads ``QUEUE_PAGE_SIZE + 1`` rows to know whether a next page exists,
    so the first page costs the same at 10,000 or 1,000,000 reports. No join either: category
    names come from ``categories``. Index: the partial report_open_queue_idx (service,
    created_at) for open reports, report_queue_idx for one status."""
    if categories is None:
        categories = category_choices_handled(user, service)
    names = dict(categories)
    queryset = Report.objects.filter(service_id=service.pk)
    if not is_member_of(user, service.authority_id):
        queryset = queryset.filter(category_id__in=list(names))
    if status == "open" or not status:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        queryset = queryset.filter(status=status)
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if bbox:
        queryset = queryset.filter(latitude__gte=bbox[0], latitude__lte=bbox[2],
                                   longitude__gte=bbox[1], longitude__lte=bbox[3])
    order = ["created_at", "id"] if sort == "oldest" else ["-created_at", "-id"]
    page = max(1, page)
    start = (page - 1) * QUEUE_PAGE_SIZE
    rows = [dict(zip(QUEUE_COLUMNS, row, strict=True))
            for row in queryset.order_by(*order).values_list(*QUEUE_COLUMNS)
            [start: start + QUEUE_PAGE_SIZE + 1]]
    for row in rows:
        row["category_name"] = names.get(row["category_id"], "")
    return rows[:QUEUE_PAGE_SIZE], len(rows) > QUEUE_PAGE_SIZE


def report_events_for(report, *, include_internal: bool):
    queryset = ReportEvent.objects.filter(report=report).select_related("actor")
    return queryset if include_internal else queryset.filter(public=True)


def report_by_reference(reference: str) -> Report | None:
    return (Report.objects.select_related("category", "service", "duplicate_of")
            .prefetch_related("photos").filter(reference=reference).first())


def reports_filter_q(*, statuses=None, category_codes=None, start=None, end=None) -> Q:
    q = Q()
    if statuses:
        q &= Q(status__in=statuses)
    if category_codes:
        q &= Q(category__code__in=category_codes)
    if start:
        q &= Q(created_at__gte=start)
    if end:
        q &= Q(created_at__lte=end)
    return q
