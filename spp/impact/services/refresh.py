"""Computing the figures (``PeriodFigures``) from the ledger and the pattern apps' tables.

A scheduled task runs this (``tasks.figures_refresh_task``, or ``manage.py impact_refresh``
from cron; docs/impact.md): the pages never sum the ledger themselves. A run recomputes whole
calendar years, for every authority: the current and the previous year, and any older year
in which the ledger received a row since the last run (a late correction). Each authority's
year is replaced in one transaction, with its open-data files (``services.opendata``), so a
page reads either the old figures or the new ones.

The queries per authority and year: one grouped read of the ledger, three of distinct people
(months, quarters, the year) for each scope, one of the shifts, two of the reports — the same
number whatever the ledger's length; the database does the adding up."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from spp.catalog.models import Participation, Service
from spp.core.models import Organisation
from spp.impact.models import EmissionFactor, FiguresRefresh, PeriodFigures
from spp.impact.periods import Period, periods_of_year
from spp.impact.services.opendata import opendata_files_write

Kind = Participation.Kind
CONTRIBUTION_KINDS = [Kind.CONTRIBUTION, Kind.PROPOSAL]
NOT_AN_ACT = [Kind.INDEMNITY_PAID, Kind.CORRECTION]
PASSENGER_KEY = "carpool.booking:"  # spp/carpool/services/proofs.py: the passenger's row
# A late row may be written by a transaction that began before the last run and committed
# after it: looking back this far past the last run's start catches it.
LATE_ROW_MARGIN = timedelta(hours=1)

ADDITIVE = ["acts", "hours", "shifts_held", "call_outs", "shifts_planned",
            "shifts_fully_staffed", "reports_filed", "reports_resolved", "journeys",
            "km_shared", "km_avoided", "co2_kg_avoided", "peer_sessions", "peer_hours",
            "consultation_contributions", "indemnities_paid", "value_estimate"]
DECIMALS = {"hours", "km_shared", "km_avoided", "co2_kg_avoided", "peer_hours",
            "indemnities_paid", "value_estimate"}


def figures_refresh(*, years: list[int] | None = None) -> FiguresRefresh:
    """Recompute the figures of ``years`` (by default those that may have changed, see the
    module's docstring) for every authority; return the finished run."""
    run = FiguresRefresh.objects.create(started_at=timezone.now())
    years = sorted(set(years) if years else years_to_refresh(run))
    written = 0
    authorities = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY,
                                              services__isnull=False).distinct()
    for authority in authorities.order_by("pk"):
        services = list(Service.objects.filter(authority=authority).select_related(
            "expense_policy").order_by("pk"))
        for year in years:
            rows = authority_year_rows(authority, services, year, computed_at=run.started_at)
            with transaction.atomic():
                # Two runs at once (a cron run and one by hand) take turns per authority: the
                # second deletes what the first wrote, where it would otherwise insert beside
                # it and break the unique constraint.
                list(Organisation.objects.select_for_update().filter(pk=authority.pk)
                     .values_list("pk", flat=True))
                PeriodFigures.objects.filter(authority=authority, starts_on__year=year).delete()
                PeriodFigures.objects.bulk_create(rows)
                opendata_files_write(authority=authority, year=year)
            written += len(rows)
    run.finished_at = timezone.now()
    run.years = ",".join(str(year) for year in years)
    run.rows_written = written
    run.save(update_fields=["finished_at", "years", "rows_written"])
    return run


def years_to_refresh(run: FiguresRefresh) -> set[int]:
    """The current and previous years, and those of ledger rows recorded since the previous
    run began (every year with a row, on the first run). The look-up of recent rows uses the
    ledger's index on ``recorded_at``."""
    today = timezone.localdate(run.started_at)
    ledger = Participation.objects.all()
    previous = (FiguresRefresh.objects.filter(finished_at__isnull=False)
                .exclude(pk=run.pk).order_by("-started_at").first())
    if previous is not None:
        ledger = ledger.filter(recorded_at__gte=previous.started_at - LATE_ROW_MARGIN)
    return {today.year, today.year - 1} | {day.year for day in ledger.dates("occurred_at",
                                                                             "year")}


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
            datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone))


def _month_of(moment) -> date:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return date(local.year, local.month, 1)


def _factor_for(month: date, factors: list[EmissionFactor]) -> Decimal:
    """The factor in force on the month's first day (the newest that started by then)."""
    for factor in factors:  # newest first
        if factor.valid_from <= month:
            return factor.kg_co2e_per_km
    return Decimal("0")


def _ledger_months(service_ids: list[int], start, end, factors) -> dict:
    """{(service_id, month): {column: value}} from one grouped read of the ledger. A
    correction counts against the kind of the row it corrects (one act fewer, its quantity
    offset); the passenger's journey rows (``PASSENGER_KEY``) are the car journeys avoided."""
    rows = (Participation.objects
            .filter(service_id__in=service_ids, occurred_at__gte=start, occurred_at__lt=end)
            .annotate(month=TruncMonth("occurred_at"), passenger=ExpressionWrapper(
                Q(source_key__startswith=PASSENGER_KEY)
                | Q(corrects__source_key__startswith=PASSENGER_KEY),
                output_field=BooleanField()))
            .values("service_id", "month", "kind", "corrects__kind", "unit", "passenger")
            .annotate(total=Sum("quantity"), rows=Count("id")).order_by())
    months = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        cell = months[(row["service_id"], _month_of(row["month"]))]
        correcting = row["kind"] == Kind.CORRECTION
        kind = row["corrects__kind"] if correcting else row["kind"]
        acts = -row["rows"] if correcting else row["rows"]
        total = row["total"] or Decimal("0")
        if kind != Kind.INDEMNITY_PAID:
            cell["acts"] += acts
        if row["unit"] == Participation.Unit.HOURS:
            cell["hours"] += total
        if kind == Kind.SHIFT:
            cell["shifts_held"] += acts
        elif kind == Kind.CALL_OUT:
            cell["call_outs"] += acts
        elif kind == Kind.JOURNEY:
            cell["km_shared"] += total
            if row["passenger"]:
                cell["journeys"] += acts
                cell["km_avoided"] += total
                cell["co2_kg_avoided"] += total * _factor_for(
                    _month_of(row["month"]), factors)
        elif kind == Kind.PEER_SESSION:
            cell["peer_sessions"] += acts
            if row["unit"] == Participation.Unit.HOURS:
                cell["peer_hours"] += total
        elif kind in CONTRIBUTION_KINDS:
            cell["consultation_contributions"] += acts
        elif kind == Kind.INDEMNITY_PAID:
            cell["indemnities_paid"] += total
    return months


def _distinct_people(service_ids, start, end) -> dict:
    """{(scope, period kind, period start): (contributors, consultation participants)}, scope
    being a service's id or None for the authority: people are counted once per scope and
    period, which months cannot be added up into."""
    acts = (Participation.objects
            .filter(service_id__in=service_ids, occurred_at__gte=start, occurred_at__lt=end)
            .exclude(kind__in=NOT_AN_ACT))
    measures = {"people": Count("pseudonym", distinct=True),
                "consulted": Count("pseudonym", distinct=True,
                                   filter=Q(kind__in=CONTRIBUTION_KINDS))}
    counts = {}
    for by_service in (True, False):
        group = ["service_id"] if by_service else []
        for kind, trunc in (("month", TruncMonth), ("quarter", TruncQuarter), ("year", None)):
            query = acts.annotate(bucket=trunc("occurred_at")) if trunc else acts
            fields = group + (["bucket"] if trunc else [])
            for row in (query.values(*fields).annotate(**measures).order_by() if fields
                        else [query.aggregate(**measures)]):
                scope = row["service_id"] if by_service else None
                starts = _month_of(row["bucket"]) if trunc else start.date()
                counts[(scope, kind, starts)] = (row["people"], row["consulted"])
    return counts


def _shift_months(service_ids, start, end) -> dict:
    from spp.rosters.models import Shift

    rows = (Shift.objects.filter(service_id__in=service_ids, starts_at__gte=start,
                                 starts_at__lt=end)
            .exclude(status=Shift.Status.CANCELLED)
            .annotate(month=TruncMonth("starts_at")).values("service_id", "month")
            .annotate(planned=Count("id"), full=Count("id", filter=Q(missing_count=0)))
            .order_by())
    return {(row["service_id"], _month_of(row["month"])): row for row in rows}


def _report_months(service_ids, start, end) -> tuple[dict, dict]:
    """Reports filed per service and month; and the hours each report resolved in the year
    took, per service and month resolved (for the counts and the medians)."""
    from spp.reports.models import Report

    filed = {(row["service_id"], _month_of(row["month"])): row["n"] for row in (
        Report.objects.filter(service_id__in=service_ids, created_at__gte=start,
                              created_at__lt=end)
        .annotate(month=TruncMonth("created_at")).values("service_id", "month")
        .annotate(n=Count("id")).order_by())}
    resolved = defaultdict(list)
    for service_id, created_at, resolved_at in Report.objects.filter(
            service_id__in=service_ids, status=Report.Status.RESOLVED,
            resolved_at__gte=start, resolved_at__lt=end,
    ).values_list("service_id", "created_at", "resolved_at").iterator(chunk_size=5000):
        resolved[(service_id, _month_of(resolved_at))].append(
            Decimal((resolved_at - created_at).total_seconds()) / 3600)
    return filed, resolved


def _median(values) -> Decimal | None:
    return Decimal(median(values)).quantize(Decimal("0.1")) if values else None


def _months_in(period: Period) -> list[date]:
    first = period.starts_on.month
    return [date(period.year, month, 1) for month in range(first, first + period.months)]


def authority_year_rows(authority, services, year: int, *, computed_at) -> list[PeriodFigures]:
    """The rows of one authority and year: for each service and for the whole authority, the
    year, its quarters and its months (``periods.periods_of_year``)."""
    start, end = _year_bounds(year)
    ids = [service.pk for service in services]
    factors = list(EmissionFactor.objects.order_by("-valid_from"))
    ledger = _ledger_months(ids, start, end, factors)
    people = _distinct_people(ids, start, end)
    shifts = _shift_months(ids, start, end)
    filed, resolved = _report_months(ids, start, end)
    rows = []
    for period in periods_of_year(year):
        months = _months_in(period)
        whole = defaultdict(Decimal)
        budgets = []
        for service in services:
            cell = defaultdict(Decimal)
            for month in months:
                for column, value in ledger.get((service.pk, month), {}).items():
                    cell[column] += value
                shift = shifts.get((service.pk, month))
                if shift:
                    cell["shifts_planned"] += shift["planned"]
                    cell["shifts_fully_staffed"] += shift["full"]
                cell["reports_filed"] += filed.get((service.pk, month), 0)
            took = [hours for month in months for hours in resolved.get((service.pk, month), ())]
            cell["reports_resolved"] = len(took)
            cell["value_estimate"] = (cell["hours"] * service.reference_hourly_cost
                                      - cell["indemnities_paid"])
            policy = getattr(service, "expense_policy", None)
            budget = (policy.monthly_budget * period.months
                      if policy is not None and policy.monthly_budget is not None else None)
            if budget is not None:
                budgets.append(budget)
            for column in ADDITIVE:
                whole[column] += cell[column]
            rows.append(_row(authority, service.pk, period, cell, people, computed_at,
                             median_hours=_median(took), budget=budget))
        took = [hours for service in services for month in months
                for hours in resolved.get((service.pk, month), ())]
        rows.append(_row(authority, None, period, whole, people, computed_at,
                         median_hours=_median(took),
                         budget=sum(budgets) if budgets else None))
    return rows


def _row(authority, service_id, period, cell, people, computed_at, *, median_hours, budget):
    contributors, consulted = people.get((service_id, period.kind, period.starts_on), (0, 0))
    return PeriodFigures(
        authority=authority, service_id=service_id, period=period.kind,
        starts_on=period.starts_on, ends_on=period.ends_on, contributors=contributors,
        consultation_participants=consulted, resolution_hours_median=median_hours,
        indemnity_budget=budget, computed_at=computed_at,
        **{column: (Decimal(cell[column]).quantize(Decimal("0.01")) if column in DECIMALS
                    else int(cell[column])) for column in ADDITIVE})
