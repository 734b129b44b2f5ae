"""Reads of the open-data files: the computed figures of one authority for one year, and the
authority's published services that have a dataset of their own (carpool stops, Open311).

Only published services appear: an unpublished service is not open yet, and its figures stay
in the authority's dashboards (its acts still count in the whole authority's row, which is
computed from the ledger and says nothing about one service)."""

from datetime import date

from django.db.models import Q

from spp.catalog.models import Pattern, Service
from spp.impact.models import OpenDataFile, PeriodFigures
from spp.impact.selectors.figures import COLUMNS


def opendata_year_rows(*, authority_id: int, year: int) -> list[dict]:
    """Every row of the authority's year (the year, its quarters and months), for the whole
    authority and for each published service, with the service's slug and name.

    Index: impact_figures_one_row_per_service_period (authority, service, period, starts_on),
    read on its first column and the range of days: at most 17 rows per scope."""
    return list(PeriodFigures.objects.filter(
        Q(service__isnull=True) | Q(service__is_published=True),
        authority_id=authority_id, starts_on__gte=date(year, 1, 1),
        starts_on__lte=date(year, 12, 31),
    ).order_by().values(*COLUMNS, "service_id", "service__slug", "service__name"))


def opendata_services(*, authority_id: int) -> dict[str, list[dict]]:
    """The authority's published services that publish a dataset of their own, by pattern:
    ``{"carpool": [...], "reports": [...]}``, each a list of ``{"slug", "name"}`` by name.
    ``patterns`` is a JSON list, filtered here rather than in SQL (SQLite has no JSON
    ``contains``); an authority has a handful of services."""
    found = {Pattern.CARPOOL.value: [], Pattern.REPORTS.value: []}
    for slug, name, patterns in (Service.objects.filter(authority_id=authority_id,
                                                        is_published=True)
                                 .order_by("name").values_list("slug", "name", "patterns")):
        for pattern, services in found.items():
            if pattern in (patterns or []):
                services.append({"slug": slug, "name": name})
    return found


def opendata_file(*, authority_id: int, year: int, fmt: str) -> OpenDataFile | None:
    """The published file of a year, as the refresh wrote it (one row by its unique index)."""
    return (OpenDataFile.objects.filter(authority_id=authority_id, year=year, fmt=fmt)
            .only("content", "year").first())
