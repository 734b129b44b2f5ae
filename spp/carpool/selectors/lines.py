"""Reads about lines: a service's lines, one line's stops and geometry."""

from django.db.models import Count

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
