"""Where a report may be filed (the service's territory), and the open reports it may
duplicate."""

import math

from django.conf import settings
from django.db.models import ExpressionWrapper, F, FloatField

from spp.reports import geo
from spp.reports.models import OPEN_STATUSES, Report


def duplicate_radius_m() -> float:
    return float(getattr(settings, "REPORTS_DUPLICATE_RADIUS_M", 30))


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
