"""Reads of the computed figures (``PeriodFigures``): a dashboard's rows, a download's, the
periods a selector offers, and the last refresh.

Each page reads at most a few dozen rows through the unique index
(authority, service, period, starts_on), whatever the size of the ledger."""

from datetime import date
from decimal import Decimal

from django.db.models import Q, Subquery

from spp.impact.catalogue import FIGURES
from spp.impact.models import FiguresRefresh, PeriodFigures
from spp.impact.periods import Period

COLUMNS = [f.name for f in PeriodFigures._meta.concrete_fields
           if f.name not in ("id", "authority", "service")]
# The last refresh's time, as a column of the pages' figures query (``_refresh_of``).
REFRESHED_AT = "_refreshed_at"


def figure_values(row: dict | None) -> dict:
    """The published figures of one row (``None``: a period with nothing recorded, every
    figure zero). ``coverage_percent`` is derived here from the two counts it divides."""
    row = row or {}
    values = {}
    for figure in FIGURES:
        if figure.key == "coverage_percent":
            planned = row.get("shifts_planned") or 0
            values[figure.key] = (
                (Decimal(row.get("shifts_fully_staffed") or 0) * 100 / planned).quantize(
                    Decimal("0.1")) if planned else None)
        elif figure.key in ("resolution_hours_median", "indemnity_budget"):
            values[figure.key] = row.get(figure.key)
        else:
            values[figure.key] = row.get(figure.key) or 0
    return values


def figures_for_dashboard(*, authority_id: int, service_id: int | None,
                          period: Period) -> tuple[dict | None, list[dict], list[dict]]:
    """A dashboard's rows in one query: the scope's row for the period; its twelve months
    (a month without a row comes back with zeros, for the charts); and, for the whole
    authority (``service_id`` None), every service's row for the period
    (``figures_services_rows``'s shape)."""
    page = dashboard_figures(authority_id=authority_id, service_id=service_id, period=period)
    return page["row"], page["months"], page["services"]


def _last_refresh_column():
    """The last finished refresh's time as a scalar subquery: PostgreSQL computes it once per
    query (it does not depend on the row), so a page learns it without a query of its own."""
    return Subquery(FiguresRefresh.objects.filter(finished_at__isnull=False)
                    .order_by("-finished_at").values("finished_at")[:1])


def _refresh_of(rows: list[dict]) -> FiguresRefresh | None:
    """The last refresh, as ``figures_last_refresh`` returns it (only ``finished_at`` read),
    from the column the rows carry; a query of its own only when no row came back."""
    if not rows:
        return figures_last_refresh()
    finished_at = rows[0][REFRESHED_AT]
    return None if finished_at is None else FiguresRefresh(finished_at=finished_at)


def dashboard_figures(*, authority_id: int, service_id: int | None, period: Period) -> dict:
    """Everything a dashboard reads, in one query: ``figures_for_dashboard``'s row, months
    and services, the years the period selector offers (``figures_years``) and the last
    refresh (``figures_last_refresh``)."""
    scope = Q(service_id=service_id) if service_id else Q(service__isnull=True)
    wanted = scope & (Q(period=period.kind, starts_on=period.starts_on)
                      | Q(period=PeriodFigures.Period.MONTH, starts_on__year=period.year))
    if service_id is None:
        wanted |= Q(service__isnull=False, period=period.kind, starts_on=period.starts_on)
    authority_years = Q(service__isnull=True, period=PeriodFigures.Period.YEAR)
    found_rows = list(PeriodFigures.objects.filter(wanted | authority_years,
                                                  authority_id=authority_id)
                      .annotate(**{REFRESHED_AT: _last_refresh_column()})
                      .order_by("service__name")
                      .values(*COLUMNS, "service_id", "service__name", "service__slug",
                              "service__is_published", REFRESHED_AT))
    row, months, services, years = None, {}, [], set()
    for found in found_rows:
        if found["service_id"] is None and found["period"] == PeriodFigures.Period.YEAR:
            years.add(found["starts_on"].year)
        in_period = found["period"] == period.kind and found["starts_on"] == period.starts_on
        if found["service_id"] != service_id:
            if found["service_id"] is not None and in_period:
                services.append(found)
            continue  # else the authority's row of a year, read for the selector only
        if in_period:
            row = found
        if found["period"] == PeriodFigures.Period.MONTH:
            months[found["starts_on"]] = found
    twelve = [months.get(date(period.year, month, 1)) or {"starts_on": date(period.year, month, 1)}
              for month in range(1, 13)]
    return {"row": row, "months": twelve, "services": services,
            "years": sorted(years, reverse=True), "refresh": _refresh_of(found_rows)}


def public_figures(*, authority_id: int) -> dict:
    """The transparency page's reads in one query: every year's row of the authority and of
    each of its services, with the last refresh. {"years": newest first (``figures_years``),
    "rows": {year: the authority's row}, "services": {year: [service rows, by name]},
    "refresh": ``figures_last_refresh``}."""
    found_rows = list(PeriodFigures.objects.filter(
        authority_id=authority_id, period=PeriodFigures.Period.YEAR)
        .annotate(**{REFRESHED_AT: _last_refresh_column()})
        .order_by("service__name")
        .values(*COLUMNS, "service_id", "service__name", "service__slug",
                "service__is_published", REFRESHED_AT))
    rows, services = {}, {}
    for found in found_rows:
        year = found["starts_on"].year
        if found["service_id"] is None:
            rows[year] = found
        else:
            services.setdefault(year, []).append(found)
    return {"years": sorted(rows, reverse=True), "rows": rows, "services": services,
            "refresh": _refresh_of(found_rows)}


def figures_services_rows(*, authority_id: int, period: Period) -> list[dict]:
    """Every service's row of an authority for one period, with the service's name and slug
    (a download's scopes)."""
    rows = PeriodFigures.objects.filter(authority_id=authority_id, service__isnull=False,
                                        period=period.kind, starts_on=period.starts_on)
    return list(rows.order_by("service__name").values(
            *COLUMNS, "service_id", "service__name", "service__slug"))


def figures_rows_within(*, authority_id: int, period: Period, service_id: int | None = None,
                        every_service: bool = False) -> dict:
    """{(service_id, period kind, starts_on): row} for the period and the months inside it,
    of one scope, or of the authority and all its services (``every_service``): a download
    in one query."""
    rows = PeriodFigures.objects.filter(
        authority_id=authority_id, period__in={period.kind, PeriodFigures.Period.MONTH},
        starts_on__gte=period.starts_on, starts_on__lte=period.ends_on)
    if not every_service:
        rows = rows.filter(service_id=service_id)
    return {(row["service_id"], row["period"], row["starts_on"]): row
            for row in rows.values(*COLUMNS, "service_id")}


def figures_years(*, authority_id: int) -> list[int]:
    """The years with computed figures, newest first (the period selector's choices)."""
    return sorted({d.year for d in PeriodFigures.objects.filter(
        authority_id=authority_id, service__isnull=True, period=PeriodFigures.Period.YEAR,
    ).order_by().values_list("starts_on", flat=True)}, reverse=True)


def figures_last_refresh() -> FiguresRefresh | None:
    """The last finished refresh: the time the pages say their figures were computed at."""
    return (FiguresRefresh.objects.filter(finished_at__isnull=False).only("finished_at")
            .order_by("-finished_at").first())
