"""Every non-trivial read of reports, with the index each relies on (see models.Report.Meta)."""

import math

from django.conf import settings
from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.utils import timezone

from spp.core.formatting import choice_labels
from spp.core.permissions import is_member_of, roles_by_organisation
from spp.reports import geo
from spp.reports.models import OPEN_STATUSES, Category, Report, ReportEvent

MAP_CAP = 300
QUEUE_PAGE_SIZE = 25
# Past this page the queue is empty: an offset is read row by row, and a page number of any
# size must not reach the database (whose OFFSET is a 64-bit integer).
QUEUE_MAX_PAGE = 10_000
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


# How many of the service's communes, nearest first, a filing reads before all of them.
NEAREST_COMMUNES = 3


def service_territory_contains(service, latitude: float, longitude: float) -> bool:
    """Whether the point lies in one of the service's communes: their GeoJSON boundary when
    known, else the bounding box of the communes' centres with a 2 km margin. A service with
    no commune listed has no territorial limit.

    Every filing asks, so a point inside costs one small query: the few communes whose centre
    is nearest the point (ordered by the database), whose boundaries are tested by their
    bounding box first and by the polygon only inside it. All the communes are read only when
    those do not hold the point (a point outside the territory: an error path)."""
    from spp.core.models import Commune

    communes = Commune.objects.filter(services=service.pk).order_by()
    scale = math.cos(math.radians(latitude)) ** 2
    distance = ExpressionWrapper(
        (F("latitude") - latitude) * (F("latitude") - latitude)
        + (F("longitude") - longitude) * (F("longitude") - longitude) * scale,
        output_field=FloatField())
    columns = ("latitude", "longitude", "boundary")
    nearest = list(communes.annotate(distance=distance).order_by("distance")
                   .values_list(*columns)[:NEAREST_COMMUNES])
    if not nearest:
        return True
    if any(_in_boundary(boundary, latitude, longitude) for _lat, _lon, boundary in nearest):
        return True
    every = nearest if len(nearest) < NEAREST_COMMUNES else list(communes.values_list(*columns))
    boundaries = [boundary for _lat, _lon, boundary in every if boundary]
    if boundaries:
        return any(_in_boundary(boundary, latitude, longitude) for boundary in boundaries)
    return _near_centres(every, latitude, longitude)


def _in_boundary(boundary, latitude: float, longitude: float) -> bool:
    """The bounding box first (a few comparisons), the polygon only when the box holds it."""
    box = geo.geometry_bbox(boundary) if boundary else None
    return bool(box and box[0] <= latitude <= box[2] and box[1] <= longitude <= box[3]
                and geo.point_in_geometry(latitude, longitude, boundary))


def _near_centres(communes, latitude: float, longitude: float) -> bool:
    """Communes without boundaries: the box of their centres, 2 km wider on each side."""
    margin = 0.02
    lats = [lat for lat, _lon, _boundary in communes]
    lons = [lon for _lat, lon, _boundary in communes]
    return (min(lats) - margin <= latitude <= max(lats) + margin
            and min(lons) - margin * 1.5 <= longitude <= max(lons) + margin * 1.5)


def report_map_viewport(*, service, bbox: tuple[float, float, float, float],
                        status: str = "", category_code: str = "", cap: int = MAP_CAP):
    """The newest ``cap`` reports in the viewport, as (reference, latitude, longitude, status,
    category name) tuples, and whether there are more. An unknown ``status`` is ignored.

    Two steps in one query. The newest ``cap + 1`` ids in the box are found by walking the
    service's reports newest first in report_map_walk_idx (service, id), whose entries carry
    the coordinates: the reports outside the box are skipped inside the index, without reading
    their rows, and the walk stops after ``cap + 1`` matches whatever the table size. Only those
    rows are then read (by primary key), with their category's name. On a small viewport the
    planner reads report_bbox_idx (latitude, longitude) instead."""
    min_lat, min_lon, max_lat, max_lon = bbox
    newest = Report.objects.filter(service_id=service.pk, latitude__gte=min_lat,
                                   latitude__lte=max_lat, longitude__gte=min_lon,
                                   longitude__lte=max_lon)
    newest = _with_status(newest, status)
    if category_code:
        newest = newest.filter(category__code=category_code)
    ids = newest.order_by("-id").values("id")[: cap + 1]
    rows = list(Report.objects.filter(_id_among(ids)).order_by("-id").values_list(
        "reference", "latitude", "longitude", "status", "category__name"))
    return rows[:cap], len(rows) > cap


def _id_among(ids):
    """``id IN (ids)``, written ``id = ANY(ARRAY(ids))`` on PostgreSQL: the ids are then
    computed first (an InitPlan) and the rows read by primary key, whereas the planner joins
    an ``IN`` subquery by hashing it against a scan of the whole table (20,000 rows: 3 ms)."""
    if connection.vendor != "postgresql":
        return Q(id__in=ids)
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import BooleanField, Func

    # "id = ANY(ARRAY(SELECT …))": a lookup would wrap its right side in parentheses.
    return Func(F("id"), ArraySubquery(ids), arg_joiner=" = ANY(", template="%(expressions)s)",
                output_field=BooleanField())


# Below this zoom level the public map shows groups (grid cells), not single reports.
CLUSTER_BELOW_ZOOM = 15
# A cell is about this many pixels wide on the screen (256-pixel tiles).
CLUSTER_CELL_PX = 64
CLUSTER_CAP = 400


def cluster_cell_degrees(zoom: int) -> float:
    """The side of a grid cell, in degrees, at ``zoom`` (Web Mercator: 360° over 2^zoom tiles
    of 256 pixels at the equator; a little smaller in latitude, which does not matter here)."""
    return 360 / (2 ** zoom) * CLUSTER_CELL_PX / 256


def report_map_clusters(*, service, bbox: tuple[float, float, float, float], zoom: int,
                        status: str = "", category_code: str = "", cap: int = CLUSTER_CAP):
    """The reports of the viewport grouped by grid cell, in one query (a GROUP BY on the
    cell's row and column, floor(coordinate / cell size)): dicts of ``count``, the centroid
    ``lat``/``lon`` and, for a cell of one report, that report's ``ref``, ``status`` and
    ``category`` (the MAX of one row). Biggest cells first, capped; and whether capped.
    Index: report_bbox_idx (latitude, longitude) for the box, as report_map_viewport."""
    from django.db.models import Avg, Count, Max
    from django.db.models.functions import Floor

    min_lat, min_lon, max_lat, max_lon = bbox
    cell = cluster_cell_degrees(zoom)
    queryset = Report.objects.filter(service_id=service.pk, latitude__gte=min_lat,
                                     latitude__lte=max_lat, longitude__gte=min_lon,
                                     longitude__lte=max_lon)
    queryset = _with_status(queryset, status)
    if category_code:
        queryset = queryset.filter(category__code=category_code)
    rows = list(queryset.order_by()
                .annotate(cell_row=Floor(F("latitude") / cell),
                          cell_col=Floor(F("longitude") / cell))
                .values("cell_row", "cell_col")
                .annotate(count=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"),
                          ref=Max("reference"), one_status=Max("status"),
                          category=Max("category__name"))
                .order_by("-count", "cell_row", "cell_col")[: cap + 1])
    cells = []
    for row in rows[:cap]:
        cell_data = {"count": row["count"], "lat": round(row["lat"], 6),
                     "lon": round(row["lon"], 6)}
        if row["count"] == 1:
            cell_data.update(ref=row["ref"], status=row["one_status"],
                             category=row["category"])
        cells.append(cell_data)
    return cells, len(rows) > cap


def _with_status(queryset, status: str):
    """"open", one of Report.Status, or anything else (ignored: every status)."""
    if status == "open":
        return queryset.filter(status__in=OPEN_STATUSES)
    if status in Report.Status.values:
        return queryset.filter(status=status)
    return queryset


# What the public page reads of its service (accepts_reports included).
PUBLIC_SERVICE_FIELDS = ("id", "slug", "name", "summary", "is_published", "patterns")
_CATEGORY_ROW = ("report_categories__id", "report_categories__code", "report_categories__name",
                 "report_categories__is_active")


def service_with_category_rows(slug: str):
    """The service ``slug`` with PUBLIC_SERVICE_FIELDS (any other field is read when first
    used) and the (id, code, name, is_active) of each of its categories in display order —
    the public page's filter (the active ones) and the names of its rows (any of them) —, in
    one query: the service's row joined to its categories (a left join: a service without
    any comes back too). (None, []) when no service has the slug."""
    from spp.catalog.models import Service

    # from_db takes the values in the model's field order.
    names = [field.attname for field in Service._meta.concrete_fields
             if field.attname in PUBLIC_SERVICE_FIELDS]
    rows = list(Service.objects.filter(slug=slug)
                .order_by("report_categories__order", "report_categories__name")
                .values_list(*names, *_CATEGORY_ROW))
    if not rows:
        return None, []
    service = Service.from_db(Service.objects.db, names, rows[0][:len(names)])
    return service, [row[len(names):] for row in rows if row[len(names)] is not None]


# What a row of the public list shows (its category named from service_with_category_rows).
PUBLIC_COLUMNS = ("reference", "status", "created_at", "support_count", "description",
                  "category_id")
PUBLIC_PAGE_SIZE = 20


def report_page_public(*, service, categories: list[tuple[int, str, str, bool]],
                       status: str = "", category_code: str = "", page: int = 1):
    """One page of the public list, newest first, as plain dicts (PUBLIC_COLUMNS plus
    category_name and status_label), and whether a next page exists. ``categories``: the
    rows of service_with_category_rows, which also turn ``category_code`` into an id (an
    unknown code: no row).

    As the queue: no COUNT, no join, ``PUBLIC_PAGE_SIZE + 1`` rows read. Index:
    report_service_recent_idx (service, created_at, id) for every status or one category,
    report_queue_idx (service, status, created_at) for one status."""
    names = {pk: name for pk, _code, name, _active in categories}
    queryset = _with_status(Report.objects.filter(service_id=service.pk), status)
    if category_code:
        pks = [pk for pk, code, _name, _active in categories if code == category_code]
        if not pks:
            return [], False
        queryset = queryset.filter(category_id=pks[0])
    start = (max(1, page) - 1) * PUBLIC_PAGE_SIZE
    rows = list(queryset.order_by("-created_at", "-id").values(*PUBLIC_COLUMNS)
                [start: start + PUBLIC_PAGE_SIZE + 1])
    labels = choice_labels(Report.Status)
    for row in rows:
        row["category_name"] = names.get(row["category_id"], "")
        row["status_label"] = labels[row["status"]]
    return rows[:PUBLIC_PAGE_SIZE], len(rows) > PUBLIC_PAGE_SIZE


def category_choices_handled(user, service) -> list[tuple[int, str]]:
    """(id, name) of the service's categories that ``user`` handles, in display order: all of
    them for members of the service's authority, those routed to the user's organisations
    otherwise (the rule of permissions.handles_category), on the roles the request already
    read."""
    rows = (Category.objects.filter(service_id=service.pk).order_by("order", "name")
            .values_list("pk", "name", "organisation_id"))
    return _handled(user, service.authority_id, rows)


def _handled(user, authority_id: int, rows) -> list[tuple[int, str]]:
    """(id, name) of the (id, name, organisation id) ``rows`` that ``user`` handles."""
    organisations = roles_by_organisation(user)
    every = authority_id in organisations
    return [(pk, name) for pk, name, organisation in rows
            if every or organisation in organisations]


# What the queue reads of its service (the organisations' ids: the rule of manages_service).
QUEUE_SERVICE_COLUMNS = ("id", "slug", "name", "authority_id", "operator_id")


def queue_service_with_categories(user, slug: str):
    """The service ``slug`` with QUEUE_SERVICE_COLUMNS (any other field is read when first
    used) and the categories ``user`` handles (as category_choices_handled), in one query:
    the service's row left-joined to its categories, as service_with_category_rows — the
    queue is every agent's start page. (None, []) when no service has the slug; whether the
    user manages the service is the caller's to check."""
    from spp.catalog.models import Service

    names = [field.attname for field in Service._meta.concrete_fields
             if field.attname in QUEUE_SERVICE_COLUMNS]
    rows = list(Service.objects.filter(slug=slug)
                .order_by("report_categories__order", "report_categories__name")
                .values_list(*names, "report_categories__id", "report_categories__name",
                             "report_categories__organisation_id"))
    if not rows:
        return None, []
    service = Service.from_db(Service.objects.db, names, rows[0][:len(names)])
    return service, _handled(user, service.authority_id,
                             [row[len(names):] for row in rows if row[len(names)] is not None])


def report_queue(*, user, service, categories: list[tuple[int, str]] | None = None,
                 status: str = "open", category_id: int | None = None, sort: str = "oldest",
                 bbox=None, page: int = 1):
    """One page of the agents' queue, restricted to the categories ``user`` handles
    (``categories``: category_choices_handled, when the caller already has them), as plain
    dicts (reference, status, status_label, created_at, target_date, support_count,
    category_name, overdue), and whether a next page exists.

    No COUNT(*): the page reads ``QUEUE_PAGE_SIZE + 1`` rows to know whether a next page exists,
    so the first page costs the same at 10,000 or 1,000,000 reports. No join either: category
    names come from ``categories``. Index: the partial report_open_queue_idx (service,
    created_at) for open reports, report_queue_idx for one status, report_service_recent_idx
    for all."""
    if categories is None:
        categories = category_choices_handled(user, service)
    names = dict(categories)
    queryset = queue_queryset(user=user, service=service, categories=categories, status=status,
                              category_id=category_id, sort=sort, bbox=bbox)
    start = (min(max(1, page), QUEUE_MAX_PAGE) - 1) * QUEUE_PAGE_SIZE
    rows = list(queryset.values(*QUEUE_COLUMNS)[start: start + QUEUE_PAGE_SIZE + 1])
    labels, today = choice_labels(Report.Status), timezone.localdate()
    for row in rows:
        row["category_name"] = names.get(row["category_id"], "")
        row["status_label"] = labels[row["status"]]
        row["overdue"] = is_overdue(row["status"], row["target_date"], today)
    return rows[:QUEUE_PAGE_SIZE], len(rows) > QUEUE_PAGE_SIZE


def is_overdue(status: str, target_date, today) -> bool:
    """Open, with a target date already past (the target day itself is not late)."""
    return status in OPEN_STATUSES and target_date is not None and target_date < today


def queue_queryset(*, user, service, categories: list[tuple[int, str]], status: str = "open",
                   category_id: int | None = None, sort: str = "oldest", bbox=None):
    """The queue's reports, filtered and ordered, for its pages and its exports. ``status``:
    "open" (or empty), "all", "overdue" (open and past their target date) or one status."""
    queryset = Report.objects.filter(service_id=service.pk)
    if not is_member_of(user, service.authority_id):
        queryset = queryset.filter(category_id__in=[pk for pk, _name in categories])
    if status == "open" or not status:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status == "overdue":
        queryset = queryset.filter(status__in=OPEN_STATUSES,
                                   target_date__lt=timezone.localdate())
    elif status != "all":
        queryset = queryset.filter(status=status)
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if bbox:
        queryset = queryset.filter(latitude__gte=bbox[0], latitude__lte=bbox[2],
                                   longitude__gte=bbox[1], longitude__lte=bbox[3])
    order = ["created_at", "id"] if sort == "oldest" else ["-created_at", "-id"]
    return queryset.order_by(*order)


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


def assignee_choices(report) -> list[tuple[int, str]]:
    """(id, name) of the people a report may be assigned to: the members of its category's
    organisation and of its service's authority (permissions.can_be_assignee), by name."""
    from django.contrib.auth import get_user_model

    organisations = {report.category.organisation_id, report.service.authority_id}
    people = (get_user_model().objects.filter(memberships__organisation_id__in=organisations)
              .distinct().order_by("last_name", "first_name", "email")
              .only("id", "first_name", "last_name", "email"))
    return [(person.pk, person.get_full_name() or person.email) for person in people]


def category_choices_for_move(report) -> list[tuple[int, str]]:
    """(id, name) of the active categories of the report's service other than its own."""
    return list(Category.objects.filter(service_id=report.service_id, is_active=True)
                .exclude(pk=report.category_id).order_by("order", "name")
                .values_list("pk", "name"))


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
