"""Benchmark cases of the rosters app (data from ``spp.rosters.scale``)."""

from django.utils import timezone

from bench.cases import BenchCase
from spp.rosters.scale import COORDINATOR, SLUG


def cases(scale: str) -> list[BenchCase]:
    if scale == "full":
        # 35 s a page with 100,000 volunteers, beyond gunicorn's timeout: measuring it would
        # only hold every worker and spoil the run's other figures (docs/rosters.md).
        print("rosters: coverage cases skipped at the full scale (see docs/rosters.md).")
        return []
    month = timezone.localdate().strftime("%Y-%m")
    return [
        BenchCase(name="rosters.coverage_month",
                  path=f"/gardes/{SLUG}/gestion/couverture/?month={month}",
                  rows=186, login_email=COORDINATOR),
        BenchCase(name="rosters.coverage_day_by_hour",
                  path=f"/gardes/{SLUG}/gestion/couverture/?jour={timezone.localdate()}",
                  rows=6, login_email=COORDINATOR),
    ]
