"""Benchmark cases of the rosters app (data from ``spp.rosters.scale``: at the full scale
10,000 volunteers, ~50,000 shifts over two years, ~100,000 assignments).

Every page is computed on each request: the month is a line per day from the counters kept
on the needs; the day counts who is qualified and available (bitmaps); the open shifts are a
week, 20 a page; the service home counts the open shifts up to 100."""

from datetime import timedelta

from django.utils import timezone

from bench.cases import BenchCase
from spp.rosters.scale import COORDINATOR, SLUG, VOLUNTEER

# Issue 13 allows the coverage pages 10× the floor at the median (they count a month of needs
# or a day of qualified, available people); their p95 goal stays the common one.
COVERAGE_GOAL_MEDIAN = 10.0


def cases(scale: str) -> list[BenchCase]:
    today = timezone.localdate()
    return [
        BenchCase(name="rosters.coverage_month",
                  path=f"/gardes/{SLUG}/gestion/couverture/?month={today:%Y-%m}",
                  rows=31, login_email=COORDINATOR, goal_median=COVERAGE_GOAL_MEDIAN),
        BenchCase(name="rosters.coverage_day",
                  path=f"/gardes/{SLUG}/gestion/couverture/?jour={today:%Y-%m-%d}",
                  rows=24, login_email=COORDINATOR, goal_median=COVERAGE_GOAL_MEDIAN),
        BenchCase(name="rosters.open_shifts",
                  path=f"/gardes/{SLUG}/gardes/", rows=20, login_email=VOLUNTEER),
        BenchCase(name="rosters.open_shifts_next_week_page_2",
                  path=f"/gardes/{SLUG}/gardes/?du="
                       f"{today + timedelta(days=7):%Y-%m-%d}&page=2",
                  rows=20, login_email=VOLUNTEER),
        BenchCase(name="rosters.service_home",
                  path=f"/gardes/{SLUG}/", rows=10, login_email=VOLUNTEER),
        BenchCase(name="rosters.my_shifts",
                  path="/gardes/mes-gardes/", rows=25, login_email=VOLUNTEER),
        BenchCase(name="rosters.api_open_shifts",
                  path=f"/api/v1/rosters/services/{SLUG}/open-shifts?days=30&limit=50",
                  rows=50, login_email=VOLUNTEER),
    ]
