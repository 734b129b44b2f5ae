"""Address and place search for the report form: a small client of the Géoplateforme's
geocoding service (IGN; the national address base, BAN, and named places), GET
``<REPORTS_GEOCODER_URL>?q=…&limit=…&index=address,poi&lat=…&lon=…``, answered with a GeoJSON
FeatureCollection of points whose properties carry ``label`` (addresses) or ``name`` (places)
and ``citycode`` (the INSEE code).

Off when REPORTS_GEOCODER_URL is empty. The service is someone else's: a slow or failing answer
gives no suggestion and a logged warning, never an error page. Only the suggestions inside the
service's territory are kept (their commune's INSEE code among the service's communes, else
selectors.service_territory_contains on their point)."""

import json
import logging
import math
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from spp.reports import selectors

logger = logging.getLogger(__name__)

# Shorter questions match half the country; longer ones are not addresses (and the service
# refuses queries past 200 characters).
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 200
# The service answers at most this many bytes that we read (a few suggestions: a few kB).
MAX_RESPONSE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Suggestion:
    label: str
    latitude: float
    longitude: float

    def as_json(self) -> dict:
        return {
            "label": self.label,
            "lat": round(self.latitude, 6),
            "lon": round(self.longitude, 6),
        }


def is_enabled() -> bool:
    return bool(getattr(settings, "REPORTS_GEOCODER_URL", ""))


def clean_query(text: str) -> str | None:
    """The query as sent (spaces collapsed, capped), or None when too short to ask."""
    query = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    return query if len(query) >= MIN_QUERY_LENGTH else None


def search(service, text: str, *, near: tuple[float, float] | None = None) -> list[Suggestion]:
    """The suggestions for ``text`` inside ``service``'s territory, best first; [] when the
    geocoder is off, the query too short, or the service slow, failing or unreadable."""
    query = clean_query(text)
    if not is_enabled() or query is None:
        return []
    limit = int(getattr(settings, "REPORTS_GEOCODER_LIMIT", 5))
    codes = territory_codes(service)
    # Twice the suggestions shown: some may fall outside the territory.
    params = {"q": query, "limit": limit * 2, "index": "address,poi"}
    if len(codes) == 1:  # a one-commune service: the service filters by itself
        params["citycode"] = next(iter(codes))
    if near is not None:
        params.update(lat=f"{near[0]:.5f}", lon=f"{near[1]:.5f}")
    body = _fetch(settings.REPORTS_GEOCODER_URL, params)
    if body is None:
        return []
    return in_territory(service, parse(body), codes=codes)[:limit]


def territory_codes(service) -> set[str]:
    """The INSEE codes of the service's communes (none: no territorial limit)."""
    from spp.core.models import Commune

    return set(Commune.objects.filter(services=service.pk).values_list("insee", flat=True))


def _fetch(url: str, params: dict) -> bytes | None:
    separator = "&" if "?" in url else "?"
    request = urllib.request.Request(
        url + separator + urllib.parse.urlencode(params),
        headers={"Accept": "application/json", "User-Agent": "SPP reports geocoder"},
    )
    timeout = float(getattr(settings, "REPORTS_GEOCODER_TIMEOUT", 3))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read(MAX_RESPONSE_BYTES + 1)[:MAX_RESPONSE_BYTES]
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        logger.warning("Geocoder unavailable (%s): %s", url, error)
        return None


def parse(body: bytes) -> list[tuple[Suggestion, list[str]]]:
    """(suggestion, INSEE codes) of each readable point feature; [] for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        logger.warning("Geocoder answer is not JSON: %s", error)
        return []
    features = data.get("features") if isinstance(data, dict) else None
    found = []
    for feature in features if isinstance(features, list) else []:
        item = _feature(feature)
        if item is not None:
            found.append(item)
    return found


def _feature(feature) -> tuple[Suggestion, list[str]] | None:
    if not isinstance(feature, dict):
        return None
    geometry, properties = feature.get("geometry") or {}, feature.get("properties") or {}
    if not isinstance(geometry, dict) or not isinstance(properties, dict):
        return None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    try:
        longitude, latitude = float(coordinates[0]), float(coordinates[1])
    except (TypeError, ValueError):
        return None
    if not (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90 <= latitude <= 90
        and -180 <= longitude <= 180
    ):
        return None
    label = _label(properties)
    if not label:
        return None
    codes = properties.get("citycode")
    codes = [str(c) for c in (codes if isinstance(codes, list) else [codes]) if c]
    return Suggestion(label[:200], latitude, longitude), codes


def _label(properties: dict) -> str:
    """An address's ``label``; a place's first ``name`` with its town."""
    label = properties.get("label")
    if isinstance(label, str) and label.strip():
        return label.strip()
    name = properties.get("name") or properties.get("toponym")
    name = name[0] if isinstance(name, list) and name else name
    if not isinstance(name, str) or not name.strip():
        return ""
    city = properties.get("city")
    city = city[0] if isinstance(city, list) and city else city
    return (
        f"{name.strip()}, {city.strip()}"
        if isinstance(city, str) and city.strip()
        else (name.strip())
    )


def in_territory(
    service, found: list[tuple[Suggestion, list[str]]], *, codes: set[str] | None = None
) -> list[Suggestion]:
    """The suggestions in the service's communes (none listed: no limit), without repeats."""
    codes = territory_codes(service) if codes is None else codes
    kept, seen = [], set()
    for suggestion, cities in found:
        if codes and not (
            set(cities) & codes
            if cities
            else selectors.service_territory_contains(
                service, suggestion.latitude, suggestion.longitude
            )
        ):
            continue
        key = (suggestion.label, suggestion.latitude, suggestion.longitude)
        if key not in seen:
            seen.add(key)
            kept.append(suggestion)
    return kept
