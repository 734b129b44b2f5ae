"""Benchmark cases of the rosters app (data from ``spp.rosters.scale``)."""

from django.utils import timezone

from bench.cases import BenchCase
from spp.rosters.scale import COORDINATOR, SLUG


def cases(scale: str) -> list[BenchCase]:
    month = timezone.localdate().strftime("%Y-%m")
    return [
        BenchCase(name="rosters.coverage_month",
                  path=f"/gardes/{SLUG}/gestion/couverture/?month={month}",
                  rows=186, login_email=COORDINATOR),
        BenchCase(name="rosters.coverage_day_by_hour",
                  path=f"/gardes/{SLUG}/gestion/couverture/?jour={timezone.localdate()}",
                  rows=6, login_email=COORDINATOR),
    ]
