"""Reads about lines: a service's lines, one line's stops and geometry."""

from django.db.models import Count, Q

from spp.carpool.geometry import LineGeometry
from spp.carpool.models import Line, Stop


def lines_of_service(service, *, include_inactive: bool = False):
    """The service's lines with their number of stops (one query)."""
    lines = Line.objects.filter(service=service).annotate(stop_count=Count("stops"))
    if not include_inactive:
        lines = lines.filter(is_active=True)
    return lines.order_by("name")


def line_stops(line) -> list[Stop]:
    return list(Stop.objects.filter(line=line).order_by("position"))


def line_geometry(line) -> LineGeometry:
    """The line seen from both directions (one query on the line's stops)."""
    return LineGeometry(line_stops(line))


def stop_choices(line) -> list[tuple[int, str]]:
    return [(stop.pk, stop.name) for stop in line_stops(line)]


def line_by_stop_names(service, boarding: str, alighting: str):
    """(line, boarding stop, alighting stop) for two stop names typed in an SMS: the first
    active line of the service that has both, matched without case or accents' worries by
    ``icontains`` on the stop's name. None when no line serves both."""
    candidates = (Stop.objects.filter(line__service=service, line__is_active=True)
                  .filter(Q(name__icontains=boarding) | Q(name__icontains=alighting))
                  .select_related("line").order_by("line__name", "position"))
    by_line: dict[int, dict[str, Stop]] = {}
    for stop in candidates:
        found = by_line.setdefault(stop.line_id, {})
        if boarding.lower() in stop.name.lower() and "boarding" not in found:
            found["boarding"] = stop
        elif alighting.lower() in stop.name.lower() and "alighting" not in found:
            found["alighting"] = stop
        if len(found) == 2:
            return stop.line, found["boarding"], found["alighting"]
    return None
