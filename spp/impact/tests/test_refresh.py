"""The figures the refresh computes, against a small ledger counted by hand
(figures_data.small_ledger)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from spp.impact.models import EmissionFactor, FiguresRefresh, PeriodFigures
from spp.impact.periods import month_period, quarter_period, year_period
from spp.impact.selectors.figures import figure_values, figures_for_dashboard
from spp.impact.services.refresh import figures_refresh, years_to_refresh
from spp.impact.tests.figures_data import Kind, Unit, at, row, small_ledger
from spp.reports.tests.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db


def figures(data, service, period):
    row, _months, _services = figures_for_dashboard(
        authority_id=data["authority"].pk, service_id=service.pk if service else None,
        period=period)
    return figure_values(row)


@pytest.fixture
def data():
    EmissionFactor.objects.all().delete()
    EmissionFactor.objects.create(valid_from=date(2020, 1, 1), kg_co2e_per_km=Decimal("0.2"),
                                  source="test")
    EmissionFactor.objects.create(valid_from=date(2025, 6, 1), kg_co2e_per_km=Decimal("0.1"),
                                  source="test")
    data = small_ledger()
    figures_refresh(years=[2025])
    return data


def test_a_duty_rotas_year_sums_its_hours_nets_corrections_and_values_them(data):
    year = figures(data, data["rota"], year_period(2025))
    # Shifts of 4 h, 3 h (corrected away) and 5 h; 12.50 € of costs paid back.
    assert year["contributors"] == 2
    assert year["acts"] == 2
    assert year["shifts_held"] == 2
    assert year["hours"] == Decimal("9.00")
    assert year["indemnities_paid"] == Decimal("12.50")
    # 9 h × 20 € per hour − 12.50 €.
    assert year["value_estimate"] == Decimal("167.50")


def test_a_month_counts_only_its_own_rows(data):
    march = figures(data, data["rota"], month_period(2025, 3))
    april = figures(data, data["rota"], month_period(2025, 4))
    assert (march["contributors"], march["hours"], march["acts"]) == (2, Decimal("9.00"), 2)
    # April's shift and its correction cancel out; its author was still active that month.
    assert (april["contributors"], april["hours"], april["acts"]) == (1, Decimal("0.00"), 0)


def test_the_passengers_journeys_are_the_car_journeys_avoided(data):
    year = figures(data, data["carpool"], year_period(2025))
    assert year["journeys"] == 1
    assert year["km_shared"] == Decimal("20.00")  # the passenger's 10 km and the driver's
    assert year["km_avoided"] == Decimal("10.00")
    # 10 km × 0.2 kg, the factor in force in March (the 0.1 one starts in June).
    assert year["co2_kg_avoided"] == Decimal("2.00")


def test_a_row_counts_in_the_year_of_its_paris_date(data):
    consultation = figures(data, data["consultation"], year_period(2025))
    # p5's contribution of 31 December 2024 23:30 belongs to 2024; the proposal of
    # 1 January 2025 00:30 (still 2024 in UTC) to January 2025.
    assert consultation["consultation_contributions"] == 2
    assert consultation["consultation_participants"] == 2
    january = figures(data, data["consultation"], month_period(2025, 1))
    assert january["consultation_contributions"] == 1


def test_people_are_counted_once_per_period_across_services_and_months(data):
    year = figures(data, None, year_period(2025))
    assert year["contributors"] == 5  # p1 is active in two services and four months
    assert figures(data, None, quarter_period(2025, 1))["contributors"] == 5
    assert figures(data, None, quarter_period(2025, 2))["contributors"] == 1
    assert figures(data, None, quarter_period(2025, 3))["contributors"] == 1
    assert year["hours"] == Decimal("9.00")
    assert year["value_estimate"] == Decimal("167.50")


def test_reports_resolved_in_the_period_give_the_median_delay():
    category = CategoryFactory()
    service = category.service
    for filed, hours in ((at(2025, 5, 1, 8), 10), (at(2025, 5, 2, 8), 20),
                         (at(2025, 5, 3, 8), 60)):
        ReportFactory(category=category, created_at=filed, status="resolved",
                      resolved_at=filed + timedelta(hours=hours))
    ReportFactory(category=category, created_at=at(2025, 5, 4, 8))  # still open
    figures_refresh(years=[2025])
    found, _months, _services = figures_for_dashboard(
        authority_id=service.authority_id, service_id=service.pk, period=month_period(2025, 5))
    row = figure_values(found)
    assert (row["reports_filed"], row["reports_resolved"]) == (4, 3)
    assert row["resolution_hours_median"] == Decimal("20.0")


def test_a_refresh_replaces_the_years_figures_instead_of_adding_to_them(data):
    rows = PeriodFigures.objects.filter(authority=data["authority"]).count()
    row(data["people"][1], data["rota"], Kind.SHIFT, "2", Unit.HOURS, at(2025, 3, 16, 8))
    figures_refresh(years=[2025])
    assert PeriodFigures.objects.filter(authority=data["authority"]).count() == rows
    assert figures(data, data["rota"], year_period(2025))["hours"] == Decimal("11.00")
    # Three scopes (+ the whole authority) × (1 year + 4 quarters + 12 months).
    assert rows == 4 * 17


def test_by_default_a_refresh_takes_this_year_last_year_and_the_years_of_late_rows(data):
    this_year = timezone.localdate().year
    first = figures_refresh()
    assert {this_year, this_year - 1, 2024, 2025} <= {int(y) for y in first.years.split(",")}
    # Three hours later, the last run having begun two hours after this one.
    later = timezone.now() + timedelta(hours=3)
    FiguresRefresh.objects.filter(pk=first.pk).update(started_at=later - timedelta(hours=1))
    run = FiguresRefresh.objects.create(started_at=later)
    assert years_to_refresh(run) == {this_year, this_year - 1}
    late = row(data["people"][0], data["rota"], Kind.SHIFT, "1", Unit.HOURS, at(2019, 5, 1, 8))
    type(late).objects.filter(pk=late.pk).update(recorded_at=later - timedelta(minutes=5))
    assert 2019 in years_to_refresh(run)


def test_the_pages_know_when_the_figures_were_computed(data):
    last = FiguresRefresh.objects.filter(finished_at__isnull=False).first()
    assert last.finished_at >= last.started_at
    assert last.years == "2025"
    assert last.rows_written == PeriodFigures.objects.count()


def test_a_refresh_writes_the_years_open_data_files_with_its_figures(data, client):
    from django.urls import reverse

    from spp.impact.models import OpenDataFile

    assert set(OpenDataFile.objects.filter(authority=data["authority"], year=2025)
               .values_list("fmt", flat=True)) == {"csv", "json"}
    text = client.get(reverse("transparency:figures_csv",
                              args=[data["authority"].slug, 2025])).content.decode()
    whole_year = text.splitlines()[1].split(",")
    assert whole_year[4:7] == ["year", "2025-01-01", "2025-12-31"]
