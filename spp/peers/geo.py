"""Distances on the ground, for in-person meetings: the haversine distance between two points,
and the latitude/longitude box that holds every point within a distance (the SQL prefilter
that an index on the experts' positions answers)."""

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.195  # 2πR / 360


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def bounding_box(latitude: float, longitude: float, km: float) -> tuple[float, float, float,
                                                                          float]:
    """(south, north, west, east) around the point, a little wider than ``km`` so that no
    point within ``km`` falls outside (the exact distance is checked afterwards). Metropolitan
    France never nears a pole or the antimeridian."""
    dlat = km / KM_PER_DEGREE_LATITUDE * 1.01
    dlon = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(latitude)), 0.01)) * 1.01
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
