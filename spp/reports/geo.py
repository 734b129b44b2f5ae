"""Plain-Python geometry: distances, bounding boxes and point-in-polygon, so that the platform
needs no PostGIS and runs alike on SQLite and PostgreSQL."""

import math

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def bbox_around(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) containing every point within ``radius_m``: the
    B-tree prefilter before the exact haversine test."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def _in_ring(lon: float, lat: float, ring: list) -> bool:
    """Ray casting on one linear ring of [lon, lat] positions (GeoJSON order)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / ((yj - yi) or 1e-12) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> list:
    if not geometry:
        return []
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def point_in_geometry(lat: float, lon: float, geometry: dict) -> bool:
    """True if the point lies in a GeoJSON Polygon/MultiPolygon (holes respected)."""
    for polygon in _polygons(geometry):
        if polygon and _in_ring(lon, lat, polygon[0]) and not any(
                _in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False


def geometry_bbox(geometry: dict) -> tuple[float, float, float, float] | None:
    points = [pt for polygon in _polygons(geometry) for ring in polygon[:1] for pt in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lats), min(lons), max(lats), max(lons)
