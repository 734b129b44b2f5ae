"""Benchmark cases of the rosters app (data from ``spp.rosters.scale``)."""

from django.utils import timezone

from bench.cases import BenchCase
from spp.rosters.scale import COORDINATOR, SLUG


def cases(scale: str) -> list[BenchCase]:
    # Both scales: with 100,000 volunteers a coverage page takes about 0.4 s in one process
    # (it took 35 s, and was skipped at the full scale, before the counts used bitmaps; see
    # docs/rosters.md).
    month = timezone.localdate().strftime("%Y-%m")
    return [
        BenchCase(name="rosters.coverage_month",
                  path=f"/gardes/{SLUG}/gestion/couverture/?month={month}",
                  rows=186, login_email=COORDINATOR),
        BenchCase(name="rosters.coverage_day_by_hour",
                  path=f"/gardes/{SLUG}/gestion/couverture/?jour={timezone.localdate()}",
                  rows=6, login_email=COORDINATOR),
    ]
