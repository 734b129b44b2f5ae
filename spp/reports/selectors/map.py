"""The public map: the newest reports of a viewport, or their groups by grid cell when zoomed
out."""

from django.db import connection
from django.db.models import F, Q

from spp.reports.models import OPEN_STATUSES, Report

MAP_CAP = 300


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
    newest = _in_viewport(service, bbox, status, category_code)
    ids = newest.order_by("-id").values("id")[: cap + 1]
    rows = list(Report.objects.filter(_id_among(ids)).order_by("-id").values_list(
        "reference", "latitude", "longitude", "status", "category__name"))
    return rows[:cap], len(rows) > cap


def _in_viewport(service, bbox: tuple[float, float, float, float], status: str,
                 category_code: str):
    """The service's reports in the box, with the map's filters (an unknown status: all)."""
    min_lat, min_lon, max_lat, max_lon = bbox
    queryset = Report.objects.filter(service_id=service.pk, latitude__gte=min_lat,
                                     latitude__lte=max_lat, longitude__gte=min_lon,
                                     longitude__lte=max_lon)
    queryset = with_status(queryset, status)
    if category_code:
        queryset = queryset.filter(category__code=category_code)
    return queryset


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

    cell = cluster_cell_degrees(zoom)
    queryset = _in_viewport(service, bbox, status, category_code)
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


def with_status(queryset, status: str):
    """"open", one of Report.Status, or anything else (ignored: every status)."""
    if status == "open":
        return queryset.filter(status__in=OPEN_STATUSES)
    if status in Report.Status.values:
        return queryset.filter(status=status)
    return queryset
